#!/usr/bin/env python3
"""azure-ai-failover worker runbook: failover, failback and drill of a warm-standby AI platform.

Python 3.10, standard library only: it runs in an Azure Automation sandbox with the account's managed
identity and calls Azure Resource Manager, Blob Storage (the lock and the run records) and Azure Monitor
(one custom metric per run) over REST.

    worker.py                                   what the entry runbook starts: reads Azure's Service Health record
    worker.py --reason "INC-42: East US 2 down" [--operator alice@contoso.com]   a person's failover, no event needed
    worker.py --dry-run                         reads everything, writes nothing, reports what it would do

The action (failover, failback, drill, drill-watch or overload-drill) is written into each published runbook;
`--action` overrides it. A drill and the daily drill-watch run on Automation schedules; overload-drill is started by hand.
The request that woke the runbook is never read: Azure's own record of the subscription's Service Health
events decides (Microsoft.ResourceHealth/events), so a forged or stale alert changes nothing. What each
action does, and why, is in the package README ("What happens during an incident"). Every run prints one
JSON report of every step on stdout, stores it as a blob, and exits non-zero when a step failed.
"""
import argparse
import datetime
import email.utils
import http.client
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ElementTree

# The deployment writes this runbook's configuration (resource ids, targets) between these markers.
# AAF-CONFIG-START
CONFIG = {}
ACTION = None
# AAF-CONFIG-END

# API versions, each with the spec whose examples the tests' fake answers with.
API_VERSIONS = {
    # https://github.com/Azure/azure-rest-api-specs/tree/main/specification/cdn (AFDOrigins_Update.json)
    "microsoft.cdn": "2025-06-01",
    # .../specification/cognitiveservices (Deployments_CreateOrUpdate.json)
    "microsoft.cognitiveservices": "2025-06-01",
    # .../specification/apimanagement (ApiManagementService_Update.json)
    "microsoft.apimanagement": "2024-05-01",
    # .../specification/recoveryservicessiterecovery (ReplicationRecoveryPlans_*.json, ReplicationJobs_Get.json)
    "microsoft.recoveryservices": "2024-10-01",
    # .../specification/resourcehealth (Events_ListBySubscriptionId.json; 2025-05-01 is the readme's default tag)
    "microsoft.resourcehealth": "2025-05-01",
    # .../specification/monitor (Metrics_List): https://learn.microsoft.com/rest/api/monitor/metrics/list
    "microsoft.insights": "2024-02-01",
    # .../specification/compute/resource-manager/Microsoft.Compute/ComputeRP/stable/2024-11-01 (VirtualMachines_Get)
    "microsoft.compute": "2024-11-01",
    # .../specification/postgresql/resource-manager/Microsoft.DBforPostgreSQL/stable/2025-08-01
    # (ServersGet.json, ServersPromoteReplicaAsForcedSwitchover.json)
    "microsoft.dbforpostgresql": "2025-08-01",
}
ARM_RESOURCE = "https://management.azure.com/"
STORAGE_RESOURCE = "https://storage.azure.com/"
# "ensure that the audience ... is https://monitoring.azure.com/. Be sure to include the trailing slash."
# https://learn.microsoft.com/azure/azure-monitor/metrics/metrics-store-custom-rest-api
MONITORING_RESOURCE = "https://monitoring.azure.com/"
STORAGE_VERSION = "2023-11-03"
# ARM answers 429 with Retry-After when throttled; 408 and 5xx are transient.
# https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
RETRYABLE = {408, 429, 500, 502, 503, 504}
# A 409 that only means "busy": Cognitive Services answers a second change on an account with RequestConflict
# ("Another operation is being performed on the parent resource ... Please try again later", Azure/azure-sdk-for-net#43219).
RETRYABLE_CONFLICTS = {"requestconflict", "anotheroperationinprogress"}
# provisioningState has three terminal values; anything else is still running.
# https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations
TERMINAL = {"succeeded", "failed", "canceled"}
# Service issue levels, lowest first. Informational: "Issues impacting management operations and/or latency, not
# impacting service availability"; Warning and Error are issues "accessing" services; the events API also allows
# Critical, which its `priority` ranks above Error.
# https://learn.microsoft.com/azure/service-health/service-health-notification-transitions
LEVELS = ["informational", "warning", "error", "critical"]
# Lease length in seconds: the longest finite lease Blob Storage grants.
# https://learn.microsoft.com/rest/api/storageservices/lease-blob
LEASE_SECONDS = 60
RENEW_EVERY = 15


class StepFailed(Exception):
    """A step could not be completed; independent steps still run, and the run exits non-zero."""


class ArmError(StepFailed):
    """A request Azure refused: carries the error code of its answer."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = str(code or "").lower()


def error_code(body):
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code") or "") if isinstance(error, dict) else ""


def storage_error(code, raw):
    """Blob Storage answers errors in XML (<Error><Code/><Message/></Error>) with the code also in x-ms-error-code;
    returned in ARM's shape so that error_code and error_message read both.
    https://learn.microsoft.com/rest/api/storageservices/status-and-error-codes2"""
    message = code
    try:
        found = ElementTree.fromstring(raw).findtext("Message") if raw else None
        message = (found or code).strip().splitlines()[0]
    except Exception:  # best effort: an error body Azure garbles must not hide the status (ParseError, LookupError...)
        pass
    return {"error": {"code": code, "message": message}}


class StillRunning(StepFailed):
    """A wait outlasted the run's budget: Azure is still working; a later run resumes."""


class LockLost(Exception):
    """The run no longer holds the lock: another run may be acting, so this one stops at once."""


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def api_version(url):
    """The API version of the namespace a URL addresses: the last `/providers/<namespace>/` in it."""
    lowered = url.lower()
    at = lowered.rfind("/providers/")
    if at >= 0:
        namespace = lowered[at + len("/providers/"):].split("/", 1)[0]
        if namespace in API_VERSIONS:
            return API_VERSIONS[namespace]
    raise StepFailed("no API version known for %s" % url)


def with_version(url, version):
    return url + ("&" if "?" in url else "?") + "api-version=" + version


def short(resource_id):
    return resource_id.rstrip("/").rsplit("/", 1)[-1]


def retry_after_seconds(headers):
    """Seconds the server asked us to wait (Retry-After, in seconds or as an HTTP date, or retry-after-ms), or None."""
    ms = headers.get("retry-after-ms") or headers.get("x-ms-retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, (when - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
        except (TypeError, ValueError):
            return None


def error_message(body):
    if isinstance(body, dict):
        error = body.get("error") or {}
        if isinstance(error, dict) and error.get("message"):
            return "%s%s" % ((error.get("code") + ": ") if error.get("code") else "", error.get("message"))
        if body.get("message"):
            return body.get("message")
    return "no detail"


def properties(resource):
    return (resource or {}).get("properties") or {}


def state_of(resource):
    return str(properties(resource).get("provisioningState") or "Succeeded")


class Report:
    """Every step and event of the run, printed as one JSON document at the end."""

    def __init__(self, action, dry_run):
        self.data = {
            "action": action, "dryRun": dry_run, "startedAt": now(), "startedBy": None,
            "decision": None, "steps": [], "events": [],
        }
        self.mark = time.monotonic()

    def event(self, kind, detail):
        self.data["events"].append({"at": now(), "kind": kind, "detail": detail})
        print("[%s] %s: %s" % (now(), kind, detail), file=sys.stderr, flush=True)

    def step(self, name, status, detail):
        # seconds: time since the step began (Run.step) or since the previous entry, whichever is later.
        at = time.monotonic()
        seconds = round(at - self.mark, 3)
        self.mark = at
        self.data["steps"].append({"name": name, "status": status, "detail": detail, "at": now(), "seconds": seconds})
        print("[%s] step %s: %s (%s)" % (now(), name, status, detail), file=sys.stderr, flush=True)

    def begin(self):
        """Marks the start of a step: the next entry's `seconds` counts from here."""
        self.mark = time.monotonic()

    def failed(self):
        return any(s["status"] == "failed" for s in self.data["steps"])

    def in_progress(self):
        return any(s["status"] == "in-progress" for s in self.data["steps"])

    def finish(self, result):
        self.data["result"] = result
        self.data["finishedAt"] = now()
        # What failed, at a glance (the steps say how and how long each took).
        self.data["failedSteps"] = [s["name"] for s in self.data["steps"] if s["status"] == "failed"]
        return json.dumps(self.data, indent=2)


class Run:
    """One run: options, configuration, report, the REST client and the lock. Every wait goes through `sleep`,
    which keeps the lock's lease renewed, so the lock is held for the whole run however long a wait is."""

    def __init__(self, options, config, report):
        self.options, self.config, self.report = options, config, report
        self.dry_run = options.dry_run
        self.arm = options.arm_endpoint.rstrip("/")
        self.tokens = {}
        self.lock = None
        self.ends_at = time.monotonic() + options.run_budget
        # When this run enabled an origin: health measured before that does not count.
        self.enabled_at = {}
        # The promotion option each database's failover started with.
        self.promotions = {}

    # --- time and the lock ------------------------------------------------------------------------------
    def sleep(self, seconds):
        end = time.monotonic() + max(0.0, seconds)
        while True:
            self.keep_lock()
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 5.0))

    def keep_lock(self):
        if self.lock:
            self.lock.keep()

    # --- tokens ---------------------------------------------------------------------------------------
    def token(self, resource):
        if resource in self.tokens:
            return self.tokens[resource]
        # https://learn.microsoft.com/azure/automation/enable-managed-identity-for-automation (Python sample)
        endpoint = os.environ.get("IDENTITY_ENDPOINT")
        header = os.environ.get("IDENTITY_HEADER")
        if not endpoint or not header:
            raise StepFailed("no managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER are not set (run this in Azure Automation)")
        url = endpoint + ("&" if "?" in endpoint else "?") + urllib.parse.urlencode({"resource": resource})
        status, _, body = self.send("GET", url, headers={"X-IDENTITY-HEADER": header, "Metadata": "True"}, auth=None)
        if status != 200 or not body or "access_token" not in body:
            raise StepFailed("managed identity token request failed with HTTP %s" % status)
        self.tokens[resource] = body["access_token"]
        return body["access_token"]

    # --- one request, retried ---------------------------------------------------------------------------
    def send(self, method, url, body=None, headers=None, auth=ARM_RESOURCE, raw_body=None, attempts=None):
        """Sends a request, retrying 408/429/5xx and connection errors with exponential backoff and full jitter,
        waiting at least as long as Retry-After asks. Returns (status, lower-cased headers, parsed JSON or None)."""
        attempts = attempts or self.options.max_attempts
        for attempt in range(1, attempts + 1):
            request_headers = dict(headers or {})
            if auth:
                request_headers["Authorization"] = "Bearer " + self.token(auth)
            data = raw_body
            if data is None and body is None and method in ("POST", "PUT", "PATCH"):
                data = b""  # a bodyless write still says Content-Length: 0
            if body is not None:
                data = json.dumps(body).encode("utf-8")
                request_headers["Content-Type"] = "application/json"
            request = urllib.request.Request(url, data=data, method=method, headers=request_headers)
            try:
                with urllib.request.urlopen(request, timeout=self.options.request_timeout) as response:
                    status, response_headers, raw = response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                status, response_headers = error.code, error.headers
                try:
                    raw = error.read()
                except (OSError, http.client.HTTPException):
                    raw = b""  # the status is the answer; its body is only for the message
            except (OSError, http.client.HTTPException) as error:
                # No usable answer: refused or dropped connections, timeouts, TLS errors (all OSError, as URLError is),
                # a body cut short (IncompleteRead) or a garbled status line (BadStatusLine). A malformed URL is ours
                # to fix, not Azure's to answer: no retry.
                if isinstance(error, http.client.InvalidURL):
                    raise StepFailed("%s %s: %s" % (method, url, error))
                if attempt == attempts:
                    raise StepFailed("%s %s failed after %d attempts: %s" % (method, url, attempts, error))
                self.backoff(attempt, None, "%s %s: %s" % (method, url, error))
                continue
            lowered = {k.lower(): v for k, v in response_headers.items()}
            parsed = None
            if raw:
                try:
                    parsed = json.loads(raw.decode("utf-8"))
                except ValueError:
                    parsed = None
            if parsed is None and lowered.get("x-ms-error-code"):
                parsed = storage_error(lowered["x-ms-error-code"], raw)
            busy = status == 409 and error_code(parsed).lower() in RETRYABLE_CONFLICTS
            if (status in RETRYABLE or busy) and attempt < attempts:
                self.backoff(attempt, retry_after_seconds(lowered), "%s %s answered %d" % (method, url, status))
                continue
            return status, lowered, parsed
        raise StepFailed("unreachable")

    def backoff(self, attempt, retry_after, why):
        base = self.options.backoff_base
        delay = random.uniform(0, min(self.options.backoff_max, base * (2 ** (attempt - 1))))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.options.retry_after_max))
        self.report.event("retry", "%s; waiting %.2f s before attempt %d" % (why, delay, attempt + 1))
        self.sleep(delay)

    # --- ARM ------------------------------------------------------------------------------------------
    def url(self, resource_id, suffix=""):
        return with_version(self.arm + resource_id + suffix, api_version(resource_id + suffix))

    def get(self, resource_id, suffix="", query=""):
        url = self.url(resource_id, suffix) + query
        status, _, body = self.send("GET", url)
        if status >= 400:
            raise StepFailed("GET %s%s answered %d: %s" % (resource_id, suffix, status, error_message(body)))
        return body or {}

    def write(self, method, resource_id, body, suffix=""):
        """One write. Checks the lock first: a run that lost it must not change anything. Returns (status, headers, body)."""
        if self.dry_run:
            raise StepFailed("internal error: a write was attempted in a dry run")
        self.keep_lock()
        status, headers, response = self.send(method, self.url(resource_id, suffix), body=body)
        if status >= 400:
            raise ArmError("%s %s%s answered %d: %s" % (method, resource_id, suffix, status, error_message(response)),
                           error_code(response))
        return status, headers, response

    def await_resource(self, resource_id, what, timeout, first_delay=None):
        """Polls a resource until its provisioningState is terminal: ARM's contract for PUT and PATCH ("Poll at the
        resourceUri until the provisioningState enters a terminal state"). Operation-status URLs are never read:
        reading one is an action of its own (e.g. Microsoft.ApiManagement/service/operationresults/read), and Front
        Door's lies outside the profile. A 4xx fails at once; the wait is bounded."""
        deadline = time.monotonic() + self.bounded(timeout)
        if first_delay:
            self.sleep(min(first_delay, self.options.poll_interval_max))
        while True:
            resource = self.get(resource_id)
            state = state_of(resource).lower()
            if state == "succeeded":
                return resource
            if state in TERMINAL:
                raise StepFailed("%s ended %s" % (what, state_of(resource)))
            if time.monotonic() > deadline:
                raise self.out_of_time("%s still %s" % (what, state_of(resource)), timeout)
            self.sleep(self.options.poll_interval)

    def bounded(self, timeout):
        """A wait's length, cut to what is left of the run's budget."""
        return max(0.0, min(timeout, self.ends_at - time.monotonic()))

    def out_of_time(self, what, timeout):
        if time.monotonic() >= self.ends_at - 0.5:
            return StillRunning("%s when the run's budget of %d s ran out (Azure Automation stops a job after 3 hours): "
                                "start the runbook again to resume where it stopped" % (what, self.options.run_budget))
        return StepFailed("%s after %d s" % (what, timeout))

    # --- steps ----------------------------------------------------------------------------------------
    def step(self, name, action, *args):
        """Runs one step. A failed step is recorded and the run goes on with the steps that do not need it;
        losing the lock stops the run."""
        self.report.begin()
        try:
            return action(self, name, *args)
        except StillRunning as waiting:
            self.report.step(name, "in-progress", str(waiting))
            return None
        except StepFailed as failure:
            self.report.step(name, "failed", str(failure))
            return None


class BlobLock:
    """A 60-second lease on a blob: only one run at a time holds it. `keep` renews it every 15 s of the run (every
    wait goes through Run.sleep); a renewal Azure refuses means another run may act, so the run stops."""

    def __init__(self, run, url):
        self.run, self.url = run, url
        self.lease_id = None
        self.doubtful_id = None
        self.renewed_at = 0.0

    def lease(self, action, extra=None, attempts=None):
        headers = {"x-ms-version": STORAGE_VERSION, "x-ms-lease-action": action}
        headers.update(extra or {})
        return self.run.send("PUT", self.url + "?comp=lease", headers=headers, auth=STORAGE_RESOURCE, attempts=attempts)

    def acquire(self):
        # A lease id of our own (a GUID, as Lease Blob requires) makes acquiring idempotent: when an acquire took
        # effect but its answer was lost, the retry finds the lease held under this id and Azure acquires it again
        # with a new duration ("Acquire (A) | Leased (A): Leased (A), new duration", answered 201) instead of
        # answering 409 to the run that holds it.
        # https://learn.microsoft.com/rest/api/storageservices/lease-blob
        proposed = str(uuid.uuid4())
        try:
            return self.acquire_as(proposed)
        except StepFailed:
            # One of the failed attempts may have taken the lease: hand it back rather than lock every run out for
            # LEASE_SECONDS. "Release (A)" frees lease A in every state it can be in (leased, breaking, broken,
            # expired); with no lease, or another run's lease, Azure answers 409 and nothing changes.
            self.release_once(proposed)
            raise

    def acquire_as(self, proposed):
        for _ in range(2):
            status, headers, body = self.lease("acquire", {
                "x-ms-lease-duration": str(LEASE_SECONDS), "x-ms-proposed-lease-id": proposed,
            })
            if status in (200, 201):
                self.lease_id = headers.get("x-ms-lease-id") or proposed
                self.renewed_at = time.monotonic()
                return True
            if status == 409:
                return False
            if status == 404:
                # First run: the lock blob does not exist yet.
                created, _, _ = self.run.send(
                    "PUT", self.url, headers={"x-ms-version": STORAGE_VERSION, "x-ms-blob-type": "BlockBlob"},
                    auth=STORAGE_RESOURCE, raw_body=b"",
                )
                # 412 LeaseIdMissing: another first run created the blob and leased it in between, so the next
                # acquire answers 409 while that run holds it, or 201 once it let it go
                # (https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes: "There is currently
                # a lease on the blob and no lease ID was specified in the request").
                if created >= 300 and created not in (409, 412):
                    raise StepFailed("could not create the lock blob: HTTP %d" % created)
                continue
            raise StepFailed("could not take the lock: HTTP %d %s" % (status, error_message(body)))
        raise StepFailed("could not take the lock")

    def keep(self):
        if not self.lease_id or time.monotonic() - self.renewed_at < RENEW_EVERY:
            return
        lease_id, self.lease_id = self.lease_id, None  # no renewal from inside the renewal's own retries
        # Whatever ends the renewal badly, the lease may still be live (a last 5xx, no answer at all): release() tries
        # once to hand it back. Another run's lease answers that release 409 and is not touched.
        self.doubtful_id = lease_id
        try:
            status, _, body = self.lease("renew", {"x-ms-lease-id": lease_id})
        except StepFailed as failure:
            # Storage did not answer through every retry: the lease has lapsed, or lapses within LEASE_SECONDS of the
            # last renewal, and another run may take it, so this one must not write on as if it still held it.
            raise LockLost("renewing the lease on %s failed (%s): the lease has lapsed or lapses within %d s of the "
                           "last renewal and another run may act, so this one stops" % (self.url, failure, LEASE_SECONDS))
        if status != 200:
            raise LockLost("renewing the lease on %s answered %d (%s): another run may be acting, so this one stops" % (
                self.url, status, error_message(body)))
        self.lease_id, self.doubtful_id = lease_id, None
        self.renewed_at = time.monotonic()

    def release(self):
        if self.lease_id:
            lease_id, self.lease_id = self.lease_id, None
            self.lease("release", {"x-ms-lease-id": lease_id})
        elif self.doubtful_id:
            lease_id, self.doubtful_id = self.doubtful_id, None
            self.release_once(lease_id)

    def release_once(self, lease_id):
        """One try, no retries (nothing to wait for: the lease lapses by itself); a 409 means it is not ours."""
        try:
            self.lease("release", {"x-ms-lease-id": lease_id}, attempts=1)
        except StepFailed:
            pass


# --- deciding: Azure's record, not the request ---------------------------------------------------------------
def region_key(name):
    return "".join(str(name or "").lower().split())


def level_rank(level):
    lowered = str(level or "").lower()
    return LEVELS.index(lowered) if lowered in LEVELS else -1


def list_events(run):
    """The subscription's Service Health events (Events - List By Subscription Id), every page, bounded."""
    watch = run.config["watch"]
    url = with_version("%s/subscriptions/%s/providers/Microsoft.ResourceHealth/events" % (run.arm, watch["subscriptionId"]),
                       API_VERSIONS["microsoft.resourcehealth"])
    events = []
    for _ in range(20):
        status, _, body = run.send("GET", url)
        if status >= 400:
            raise StepFailed("reading the subscription's Service Health events answered %d: %s" % (status, error_message(body)))
        events.extend((body or {}).get("value") or [])
        url = (body or {}).get("nextLink")
        if not url:
            break
    return events


def match_events(events, watch):
    """Active service issues at or above the watched level for a watched service: in the primary region (a reason
    to fail over) or global (a reason to tell people: a regional failover does not move traffic off a global
    service). Returns (regional, global_, ignored), each a list of (tracking id, service, level, region)."""
    services = {s.lower() for s in watch["services"]}
    global_services = {s.lower() for s in watch.get("globalServices") or []}
    primary = {region_key(watch["primaryRegion"]["name"]), region_key(watch["primaryRegion"]["displayName"])}
    threshold = level_rank(watch.get("minLevel", "Warning"))
    regional, global_, ignored = [], [], []
    for event in events:
        p = properties(event)
        if str(p.get("eventType", "")).lower() != "serviceissue" or str(p.get("status", "")).lower() != "active":
            continue
        tracking = event.get("name") or short(event.get("id", "?"))
        level = p.get("eventLevel") or p.get("level") or "Informational"
        for impact in p.get("impact") or []:
            service = str(impact.get("impactedService") or "")
            active = [r for r in impact.get("impactedRegions") or [] if str(r.get("status") or "Active").lower() == "active"]
            regions = [region_key(r.get("impactedRegion")) for r in active]
            hit = (tracking, service, level)
            if service.lower() in global_services:
                (global_ if level_rank(level) >= threshold else ignored).append(hit + ("Global",))
            elif service.lower() in services and primary & set(regions):
                (regional if level_rank(level) >= threshold else ignored).append(hit + (watch["primaryRegion"]["displayName"],))
    return regional, global_, ignored


def describe(hits):
    return "; ".join("%s %s (%s, %s)" % hit for hit in hits)


def decide(run):
    """Whether a failover is called for, and why. A person's request (with a reason) is enough; otherwise only an
    active, watched, availability-level service issue in the primary region in Azure's own record."""
    options = run.options
    if options.reason:
        who = options.operator or "an operator"
        return "act", "started by hand by %s: %s" % (who, options.reason)
    # The alert and the events API are two records of one incident; when the alert is there first, read again for a
    # bounded time before concluding there is nothing.
    deadline = time.monotonic() + max(0.0, options.event_wait)
    while True:
        regional, global_, ignored = match_events(list_events(run), run.config["watch"])
        if regional or global_ or time.monotonic() >= deadline:
            break
        run.sleep(min(30.0, max(0.0, deadline - time.monotonic())))
    if ignored:
        run.report.event("below-threshold", "not acted on, below level %s: %s" % (run.config["watch"].get("minLevel", "Warning"), describe(ignored)))
    if regional:
        return "act", "active service issue in %s: %s" % (run.config["watch"]["primaryRegion"]["displayName"], describe(regional))
    if global_:
        return "global", ("active service issue of a global service: %s. Failing over regions does not move traffic off "
                          "it, so nothing is changed; the people on the notification list are told" % describe(global_))
    return "none", "no active service issue at level %s or above for a watched service in %s in the subscription's Service Health events" % (
        run.config["watch"].get("minLevel", "Warning"), run.config["watch"]["primaryRegion"]["displayName"])


# --- Front Door ----------------------------------------------------------------------------------------------
def origin_state(origin):
    return properties(origin).get("enabledState", "Enabled")


def set_origin(run, name, origin_id, state):
    front_door = run.config["frontDoor"]
    origins = run.get(front_door["originGroupId"], "/origins").get("value", [])
    by_id = {o.get("id", "").lower(): o for o in origins}
    current = by_id.get(origin_id.lower())
    if current is None:
        raise StepFailed("origin %s is not in origin group %s" % (origin_id, front_door["originGroupId"]))
    if origin_state(current) == state:
        run.report.step(name, "skipped", "origin already %s" % state)
        return True
    if state == "Disabled":
        others = [o for o in origins if o.get("id", "").lower() != origin_id.lower() and origin_state(o) == "Enabled"]
        if not others:
            raise StepFailed("refusing to disable %s: it is the last enabled origin of the group" % origin_id)
    if run.dry_run:
        run.report.step(name, "would-do", "set origin %s" % state)
        return True
    # The 202's status URL is at resource-group scope (.../resourcegroups/{rg}/providers/Microsoft.Cdn/operationresults/...,
    # AFDOrigins_Update.json), outside the profile the identity holds its role on: the origin itself is polled.
    _, headers, _ = run.write("PATCH", origin_id, {"properties": {"enabledState": state}})
    run.await_resource(origin_id, "origin %s" % short(origin_id), run.options.timeout, retry_after_seconds(headers))
    run.report.step(name, "done", "origin %s" % state)
    if state == "Enabled":
        run.enabled_at[origin_id.lower()] = datetime.datetime.now(datetime.timezone.utc)
    return True


def parse_time(value):
    try:
        return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def origin_health(run, origin_id):
    """The standby origin's latest health, from Front Door's OriginHealthPercentage metric (dimensions Origin and
    OriginGroup, 1-minute grain: https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cdn-profiles-metrics),
    or None when there is no data point yet. Points from before this run enabled the origin do not count. Which
    value the Origin dimension carries (host name or origin name) is not documented, so both are matched."""
    front_door = run.config["frontDoor"]
    end = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    start = end - datetime.timedelta(minutes=10)
    query = "&" + urllib.parse.urlencode({
        "metricnames": "OriginHealthPercentage",
        "aggregation": "Average",
        "interval": "PT1M",
        "timespan": "%s/%s" % (start.isoformat().replace("+00:00", "Z"), end.isoformat().replace("+00:00", "Z")),
        "$filter": "Origin eq '*'",
    })
    body = run.get(front_door["profileId"], "/providers/Microsoft.Insights/metrics", query)
    wanted = {front_door.get("standbyOriginHost", "").lower(), short(origin_id).lower()} - {""}
    since = run.enabled_at.get(origin_id.lower())
    seen = []
    for metric in body.get("value") or []:
        for series in metric.get("timeseries") or []:
            values = [str(m.get("value", "")) for m in series.get("metadatavalues") or []]
            seen.append("/".join(values))
            if not wanted & {v.lower() for v in values}:
                continue
            points = [d for d in series.get("data") or [] if d.get("average") is not None]
            if since:
                floor = since.replace(second=0, microsecond=0)
                points = [d for d in points if parse_time(d.get("timeStamp")) and parse_time(d.get("timeStamp")) >= floor]
            if points:
                return points[-1]["average"]
            return None
    run.report.event("health", "no OriginHealthPercentage series for %s among: %s" % (" or ".join(sorted(wanted)), ", ".join(seen) or "none"))
    return None


def standby_healthy(run, name):
    front_door = run.config["frontDoor"]
    wanted = float(front_door.get("minHealthPercent", 50))
    if run.dry_run:
        run.report.step(name, "would-do", "wait until the standby origin's health is at least %g %%" % wanted)
        return True
    wait = run.bounded(run.options.health_wait)
    deadline = time.monotonic() + wait
    last = None
    while True:
        last = origin_health(run, front_door["standbyOriginId"])
        if last is not None and last >= wanted:
            run.report.step(name, "done", "standby origin health %g %% (at least %g %%)" % (last, wanted))
            return True
        if time.monotonic() > deadline:
            raise StepFailed("the standby origin's health is %s after %d s (wanted at least %g %%): the primary origin stays enabled, "
                             "Front Door keeps routing by its probes" % ("unknown" if last is None else "%g %%" % last, wait, wanted))
        run.sleep(run.options.poll_interval)


# --- capacity ------------------------------------------------------------------------------------------------
def set_deployment(run, name, target, capacity):
    """Changes a deployment's capacity with Deployments - Update (PATCH of `sku`, UpdateDeployment.json in the
    2025-06-01 spec), which leaves every other setting as it is, and waits until the deployment shows the new
    capacity in a terminal state: the deployments of one account change one at a time, and a change made meanwhile
    is refused with 409 RequestConflict, which is retried within the step's time."""
    deployment = run.get(target["id"])
    sku = dict(deployment.get("sku") or {})
    current = int(sku.get("capacity", 0))
    if current == int(capacity):
        run.report.step(name, "skipped", "capacity already %s" % current)
        return True
    if run.dry_run:
        run.report.step(name, "would-do", "capacity %s -> %s" % (current, capacity))
        return True
    sku["capacity"] = int(capacity)
    deadline = time.monotonic() + run.bounded(run.options.timeout)
    while True:
        try:
            _, headers, _ = run.write("PATCH", target["id"], {"sku": sku})
            break
        except ArmError as failure:
            if failure.code not in RETRYABLE_CONFLICTS or time.monotonic() > deadline:
                raise
            run.report.event("busy", "%s: the account is changing another deployment; trying again" % short(target["id"]))
            run.sleep(run.options.poll_interval)
    delay = retry_after_seconds(headers)
    while True:
        resource = run.await_resource(target["id"], "deployment %s" % short(target["id"]), run.options.timeout, delay)
        delay = None
        shown = int((resource.get("sku") or {}).get("capacity", 0))
        if shown == int(capacity):
            break
        if time.monotonic() > deadline:
            raise run.out_of_time("deployment %s still shows capacity %s, not %s" % (short(target["id"]), shown, capacity), run.options.timeout)
        run.sleep(run.options.poll_interval)
    run.report.step(name, "done", "capacity %s -> %s" % (current, capacity))
    return True


def set_gateway(run, name, capacity):
    """Starts scaling the standby gateway. Scaling takes 15 minutes or more
    (https://learn.microsoft.com/azure/api-management/upgrade-and-scale) and the gateway serves meanwhile, so the run
    does not wait for it; a rerun sees the change under way (provisioningState not terminal) and leaves it."""
    target = run.config["standbyGateway"]
    service = run.get(target["id"])
    sku = dict(service.get("sku") or {})
    current = int(sku.get("capacity", 0))
    if current == int(capacity):
        run.report.step(name, "skipped", "gateway already has %s units" % current)
        return True
    if state_of(service).lower() not in TERMINAL:
        run.report.step(name, "skipped", "gateway is %s (a change is already under way)" % state_of(service))
        return True
    if run.dry_run:
        run.report.step(name, "would-do", "scale gateway %s -> %s units" % (current, capacity))
        return True
    sku["capacity"] = int(capacity)
    run.write("PATCH", target["id"], {"sku": sku})
    run.report.step(name, "started", "scaling %s -> %s units; Azure finishes it in the background" % (current, capacity))
    return True


# --- PostgreSQL ---------------------------------------------------------------------------------------------
# A server's role in its replication set (ReplicationRole in the 2025-08-01 spec): a replica is AsyncReplica or
# GeoAsyncReplica; a promoted one is Primary (switchover) or None (standalone, "an independent server").
REPLICA_ROLES = {"asyncreplica", "geoasyncreplica"}


def server_role(server):
    props = properties(server)
    return str((props.get("replica") or {}).get("role") or props.get("replicationRole") or "").lower()


def server_state(server):
    # Servers - Get answers `state` (Ready, Updating, ...), not provisioningState (ServersGet.json).
    return str(properties(server).get("state") or "")


def promote_server(run, name, server_id, mode, option):
    """Starts promoting a read replica: a PATCH of `replica.promoteMode`/`promoteOption` on the replica (Servers -
    Update, ServersPromoteReplicaAsForcedSwitchover.json). Azure never promotes by itself ("A user action is always
    required", https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote). A server
    that is no longer a replica is left alone, so a rerun never promotes twice; one that is already changing
    (state not Ready) is waited for, not patched again. Returns "started", "promoted" or "under-way"."""
    server = run.get(server_id)
    role, state = server_role(server), server_state(server)
    if role and role not in REPLICA_ROLES:
        run.report.step(name, "skipped", "%s is already %s (role %s)" % (short(server_id), "promoted", role))
        return "promoted"
    if state and state.lower() != "ready":
        run.report.step(name, "skipped", "%s is %s: a change is already under way; waiting for it" % (short(server_id), state))
        return "under-way"
    if run.dry_run:
        run.report.step(name, "would-do", "promote %s (%s, %s)" % (short(server_id), mode, option))
        return "started"
    run.write("PATCH", server_id, {"properties": {"replica": {"promoteMode": mode, "promoteOption": option}}})
    run.report.step(name, "started", "promoting %s (%s, %s); a forced promotion typically takes 1-3 minutes"
                    % (short(server_id), mode, option))
    return "started"


def await_promotion(run, name, server_id):
    """Waits until the server is no longer a replica and is Ready again. Its operation-status URL lies at the
    subscription (…/providers/Microsoft.DBforPostgreSQL/locations/{region}/azureAsyncOperation/…), where the runbook
    holds no role, so the server itself is read, within the step's time."""
    deadline = time.monotonic() + run.bounded(run.options.timeout)
    changing = False
    while True:
        server = run.get(server_id)
        role, state = server_role(server), server_state(server)
        if role not in REPLICA_ROLES and state.lower() == "ready":
            run.report.step(name, "done", "%s is %s and Ready" % (short(server_id), role or "promoted"))
            return True
        if state.lower() != "ready":
            changing = True
        elif changing:
            # It was changing and is Ready again, still a replica: the promotion did not happen.
            raise StepFailed("%s is Ready again but still a replica (role %s): the promotion failed; see the server's activity log"
                             % (short(server_id), role))
        if time.monotonic() > deadline:
            raise run.out_of_time("%s is still %s (role %s)" % (short(server_id), state or "unknown", role or "unknown"), run.options.timeout)
        run.sleep(run.options.poll_interval)


def promote_option(run, database):
    """`Forced` or `Planned`, as configured; `Auto` takes Planned (no write lost) only when the primary answers at once,
    Ready, and the replica's replication is Active: a failover also starts on incidents that leave the database
    healthy. Otherwise Forced, "designed for rapid recovery in scenarios such as regional outages" and the only
    promotion possible while the primary's region is down
    (https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote)."""
    option = database.get("promoteOption") or "Auto"
    if option != "Auto":
        return option, "configured"
    try:
        status, _, primary = run.send("GET", run.url(database["primaryServerId"]), attempts=1)
    except StepFailed as failure:
        return "Forced", "the primary did not answer (%s)" % failure
    replica = run.get(database["replicaServerId"])
    replication = str((properties(replica).get("replica") or {}).get("replicationState") or "")
    if status == 200 and server_state(primary).lower() == "ready" and replication.lower() == "active":
        return "Planned", "the primary is Ready and replication Active"
    return "Forced", "the primary answered %s, %s; replication %s" % (status, server_state(primary) or "no state", replication or "unknown")


def start_database_failover(run, name, database):
    option, why = promote_option(run, database)
    run.report.event("database", "%s: %s promotion (%s)" % (database["key"], option, why))
    run.promotions[database["key"]] = option
    return promote_server(run, name, database["replicaServerId"], database["promoteMode"], option)


def finish_database_failover(run, name, database):
    if run.dry_run:
        run.report.step(name, "would-do", "wait until %s is promoted and Ready" % short(database["replicaServerId"]))
        return True
    try:
        return await_promotion(run, name, database["replicaServerId"])
    except StillRunning:
        raise
    except StepFailed as failure:
        if run.promotions.get(database["key"]) != "Planned" or database.get("promoteOption") == "Planned":
            raise
        # A planned promotion waits for a primary that may be failing after all: the failover goes on, forced.
        run.report.step(name + "-planned", "failed", str(failure))
        run.promotions[database["key"]] = "Forced"
        promote_server(run, name + "-forced", database["replicaServerId"], database["promoteMode"], "Forced")
        return await_promotion(run, name, database["replicaServerId"])


def switch_database_back(run, name, database):
    """Failback for a switchover pair: once its region is back, the old primary "automatically resume[s]" in a
    replica role, and promoting it back to primary, Planned so that no write is lost, restores the pair
    (https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-geo); then its high
    availability, which the first promotion turned off ("you need to enable HA on your original primary server",
    https://learn.microsoft.com/azure/postgresql/read-replica/concepts-read-replicas-promote). A replica that is
    `Broken` must be deleted and recreated, and a standalone promotion ended replication: both need a new replica
    (README)."""
    original = database["primaryServerId"]
    if database["promoteMode"] != "Switchover":
        # Traffic going back would reach agents whose connection string names the old, stale server.
        raise StepFailed("%s was promoted to an independent server (no virtual endpoint): replication ended and the primary's "
                         "agents would write to the old server. Point them at %s or rebuild the pair with a virtual endpoint "
                         "(README: PostgresStandby, failback), then fail back" % (short(database["replicaServerId"]), short(database["replicaServerId"])))
    server = run.get(original)
    role = server_role(server)
    if role == "primary":
        run.report.step(name, "skipped", "%s is the primary already" % short(original))
        return True
    if role not in REPLICA_ROLES:
        raise StepFailed("%s is neither the primary nor a replica (role %s): switch it back by hand" % (short(original), role or "unknown"))
    replication = str((properties(server).get("replica") or {}).get("replicationState") or "")
    if replication.lower() == "broken":
        raise StepFailed("%s is a broken replica: Microsoft's way back is to delete it and create a new replica of %s "
                         "(README: PostgresStandby, failback), then fail back" % (short(original), short(database["replicaServerId"])))
    if replication.lower() != "active" or server_state(server).lower() != "ready":
        raise StillRunning("%s has not caught up as a replica yet (replication %s, state %s): start failback again later"
                           % (short(original), replication or "unknown", server_state(server) or "unknown"))
    promote_server(run, name, original, "Switchover", "Planned")
    if run.dry_run:
        return True
    await_promotion(run, name + "-wait", original)
    return restore_high_availability(run, name + "-high-availability", original, database.get("highAvailability"))


def restore_high_availability(run, name, server_id, mode):
    """Starts turning the server's high availability back on (Servers - Update: "The request body can contain one or
    multiple of the properties present in the normal server definition", 2025-08-01). Building the standby takes a
    while and the server serves meanwhile, so the run does not wait for it."""
    if not mode:
        run.report.step(name, "skipped", "no high availability configured for %s" % short(server_id))
        return True
    current = str((properties(run.get(server_id)).get("highAvailability") or {}).get("mode") or "Disabled")
    if current == mode:
        run.report.step(name, "skipped", "%s already has %s high availability" % (short(server_id), mode))
        return True
    run.write("PATCH", server_id, {"properties": {"highAvailability": {"mode": mode}}})
    run.report.step(name, "started", "%s high availability on %s (was %s); Azure builds the standby in the background"
                    % (mode, short(server_id), current))
    return True


# --- Site Recovery ---------------------------------------------------------------------------------------------
def recovery(run):
    return run.config.get("recovery") or {}


def plan_state(run):
    plan = run.get(recovery(run)["planId"])
    return plan, properties(plan).get("allowedOperations") or []


def provider_input(run, point=None):
    """A2A failover input of a recovery plan (RecoveryPlanA2AFailoverInput): the recovery point (latest processed by
    default: "No time is spent processing data, so it provides a low recovery time objective") and, when asked, the
    multi-VM consistent point."""
    details = {"instanceType": "A2A", "recoveryPointType": point or recovery(run).get("recoveryPointType", "LatestProcessed")}
    if recovery(run).get("multiVmSyncPoint"):
        details["multiVmSyncPointOption"] = "UseMultiVmSyncRecoveryPoint"
    return [details]


def current_job(run, source_id):
    try:
        scenario = properties(run.get(source_id)).get("currentScenario") or {}
    except StepFailed:
        # Switch protection can change an item's id ("... even though other internal Ids/ARM Id might be changing").
        return None, {}
    job = scenario.get("jobId") or ""
    if not job or short(job).lower() == "none":
        return None, scenario
    return (urllib.parse.urlparse(job).path if job.startswith("http") else job), scenario


def job_id_of(run, headers, source_id, previous):
    """The Site Recovery job an operation started. Az PowerShell reads it from the 202's Location header, the segment
    after `operationresults/` (PSAsrClient.GetJobIdFromReponseLocation). Without one, the plan's (or item's)
    `currentScenario.jobId` ("ARM Id of the job being executed") is taken once it names a job other than the one
    before the request, so a finished earlier job is never mistaken for the new one."""
    location = headers.get("location") or ""
    lowered = location.lower()
    if "/operationresults/" in lowered:
        start = lowered.index("/operationresults/") + len("/operationresults/")
        name = location[start:].split("?", 1)[0].split("/", 1)[0]
        if name:
            return "%s/replicationJobs/%s" % (recovery(run)["vaultId"], name)
    for _ in range(10):
        job, _ = current_job(run, source_id)
        if job and (not previous or job.lower() != previous.lower()):
            return job
        run.sleep(run.options.poll_interval)
    return None


def same_scenario(scenario, operation):
    name = str(scenario.get("scenarioName") or "").lower()
    return bool(name) and (operation.lower() in name or name in operation.lower())


def start_plan_operation(run, name, operation, allowed_name, body):
    """Starts a recovery plan operation if the plan allows it now, or resumes the same operation when it is already
    running. Returns the job id (None when skipped)."""
    plan_id = recovery(run)["planId"]
    plan, allowed = plan_state(run)
    previous, scenario = current_job(run, plan_id)
    if allowed_name not in allowed:
        running = str(properties(plan).get("currentScenarioStatus", "")).lower() in ("inprogress", "running", "notstarted")
        if running and previous and same_scenario(scenario, operation):
            run.report.step(name, "resumed", "%s is already running (job %s)" % (scenario.get("scenarioName"), short(previous)))
            return previous
        run.report.step(name, "skipped", "%s is not allowed now (allowed: %s)" % (allowed_name, ", ".join(allowed) or "none"))
        return None
    if run.dry_run:
        run.report.step(name, "would-do", "%s on %s" % (operation, short(plan_id)))
        return "dry-run"
    _, headers, _ = run.write("POST", plan_id, body, suffix="/" + operation)
    job = job_id_of(run, headers, plan_id, previous)
    if not job:
        raise StepFailed("%s was accepted, but neither its answer nor the plan names its job: see the vault's Site Recovery jobs" % operation)
    run.report.step(name, "started", "%s started (job %s)" % (operation, short(job)))
    return job


def wait_job(run, name, job, timeout, done_states=("succeeded",)):
    """Waits for a Site Recovery job to end (ReplicationJobs - Get). `state` is "one of these values - NotStarted,
    InProgress, Succeeded, Failed, Cancelled, Suspended or Other" (JobProperties in the 2024-10-01 spec); a test
    failover waits in Suspended for its cleanup, so for it Suspended counts as done."""
    if job == "dry-run":
        run.report.step(name, "would-do", "wait for the job, then go on")
        return True
    if not job:
        raise StepFailed("the operation's job could not be found, so its end cannot be awaited")
    deadline = time.monotonic() + run.bounded(timeout)
    while True:
        p = properties(run.get(job))
        state = str(p.get("state", ""))
        if state.lower() in done_states:
            run.report.step(name, "done", "job %s %s (%s)" % (short(job), state, p.get("stateDescription", "")))
            return True
        if state.lower() not in ("notstarted", "inprogress"):
            raise StepFailed("job %s ended %s: %s" % (short(job), state or "with no state", job_errors(p)))
        if time.monotonic() > deadline:
            raise run.out_of_time("job %s still %s" % (short(job), state), timeout)
        run.sleep(run.options.poll_interval)


def job_errors(p):
    texts = []
    for error in p.get("errors") or []:
        service = error.get("serviceErrorDetails") or {}
        provider = error.get("providerErrorDetails") or {}
        texts.append(service.get("message") or provider.get("errorMessage") or "")
    return "; ".join(t for t in texts if t) or "no detail"


def plan_operation(run, name, operation, allowed_name, body, timeout, done_states=("succeeded",)):
    job = start_plan_operation(run, name, operation, allowed_name, body)
    if job is None:
        return False
    return wait_job(run, name + "-wait", job, timeout, done_states)


REPROTECT_OPERATIONS = {"reversereplicate", "switchprotection"}


def reprotect_items(run, name, direction):
    """Reprotect, per protected item, the way Az PowerShell does it for Azure-to-Azure
    (Update-AzRecoveryServicesAsrProtectionDirection -AzureToAzure, UpdateAzureRmRecoveryServicesAsrProtectionDirection.cs):
    switch protection on the item's current container with an A2A input built from the container mapping of this
    direction, and the managed disks of the VM that runs now, staged through a cache account in the VM's region.
    Azure PowerShell refuses plan-level reprotect for A2A ("Unsupported replication provider A2A for reprotect")."""
    settings = (recovery(run).get("reprotect") or {}).get(direction)
    if not settings:
        raise StepFailed("no reprotect settings for %s in the runbook configuration (give FailoverAutomation recovery.reprotect)" % direction)
    items = plan_items(run, run.get(recovery(run)["planId"]))
    if not items:
        raise StepFailed("the recovery plan has no protected items")
    jobs = []
    for item_id in items:
        item = run.get(item_id)
        item_name = item.get("name") or short(item_id)
        label = "%s:%s" % (name, properties(item).get("friendlyName") or item_name)
        allowed = properties(item).get("allowedOperations") or []
        if not REPROTECT_OPERATIONS & {str(a).lower() for a in allowed}:
            run.report.step(label, "skipped", "reprotect is not allowed now (allowed: %s)" % (", ".join(allowed) or "none"))
            continue
        details = properties(item).get("providerSpecificDetails") or {}
        if not details.get("recoveryAzureResourceGroupId") or not details.get("recoveryAzureVMName"):
            raise StepFailed("protected item %s does not say which VM runs now (recoveryAzureVMName)" % item_id)
        vm_id = "%s/providers/Microsoft.Compute/virtualMachines/%s" % (details["recoveryAzureResourceGroupId"].rstrip("/"), details["recoveryAzureVMName"])
        storage_profile = properties(run.get(vm_id)).get("storageProfile") or {}
        disks = [storage_profile.get("osDisk") or {}] + list(storage_profile.get("dataDisks") or [])
        groups = settings.get("recoveryResourceGroupIds") or {}
        group_id = groups.get(item_name) or groups.get("*")
        if not group_id:
            raise StepFailed("no recovery resource group for protected item %s in the reprotect settings" % item_name)
        managed = [{
            "diskId": (disk.get("managedDisk") or {})["id"],
            "recoveryResourceGroupId": group_id,
            "primaryStagingAzureStorageAccountId": settings["stagingStorageAccountId"],
            "recoveryReplicaDiskAccountType": (disk.get("managedDisk") or {}).get("storageAccountType"),
            "recoveryTargetDiskAccountType": (disk.get("managedDisk") or {}).get("storageAccountType"),
        } for disk in disks if (disk.get("managedDisk") or {}).get("id")]
        provider = {
            "instanceType": "A2A",
            "policyId": settings["policyId"],
            "recoveryContainerId": settings["recoveryContainerId"],
            "recoveryResourceGroupId": group_id,
            "vmManagedDisks": managed,
        }
        zone = recovery_zone(run, settings, item_name, details, direction) if settings.get("sendZone", True) else None
        premium_v2 = any(d.get("recoveryTargetDiskAccountType") == "PremiumV2_LRS" for d in managed)
        if zone:
            # Premium SSD v2 disks attach only to zonal VMs in most zonal regions: keep the VM zonal on the way back.
            provider["recoveryAvailabilityZone"] = zone
        elif premium_v2 and settings.get("sendZone", True):
            raise StepFailed("no availability zone is known for %s, whose Premium SSD v2 disks need a zonal VM in most zonal "
                             "regions: give SiteRecovery's VM a targetAvailabilityZone" % item_name)
        body = {"properties": {"replicationProtectedItemName": item_name, "providerSpecificDetails": provider}}
        if run.dry_run:
            run.report.step(label, "would-do", "switch protection of %s (%d disks)" % (item_name, len(managed)))
            continue
        container_id = (item.get("id") or item_id).rsplit("/replicationProtectedItems/", 1)[0]
        previous, _ = current_job(run, item_id)
        _, headers, _ = run.write("POST", container_id, body, suffix="/switchprotection")
        job = job_id_of(run, headers, item_id, previous)
        if not job:
            raise StepFailed("reprotect of %s was accepted, but neither its answer nor the item names its job" % item_name)
        run.report.step(label, "started", "reprotect started (job %s)" % short(job))
        jobs.append((label, job, item, zone))
    for label, job, item, zone in jobs:
        wait_job(run, label + "-wait", job, run.options.recovery_timeout)
        if zone:
            check_zone(run, label, item, zone)
    return True


def check_zone(run, label, item, zone):
    """After a reprotect, the item must record the zone it was given (A2AReplicationDetails.recoveryAvailabilityZone):
    Az PowerShell does not send one yet ("TODO:: uncomment SRS service start supporting this"), so Azure may ignore it."""
    fabric = (properties(item).get("providerSpecificDetails") or {}).get("fabricObjectId") or ""
    for candidate in plan_items(run, run.get(recovery(run)["planId"])):
        current = run.get(candidate)
        details = properties(current).get("providerSpecificDetails") or {}
        if current.get("name") == item.get("name") or (fabric and details.get("fabricObjectId") == fabric):
            recorded = details.get("recoveryAvailabilityZone")
            if recorded and str(recorded) != str(zone):
                raise StepFailed("%s: reprotect recorded zone %s, not %s: the next failover would place the VM there" % (label, recorded, zone))
            return


def recovery_zone(run, settings, item_name, details, direction):
    """The availability zone a reprotected VM fails over into: the item's own record first (A2AReplicationDetails
    initialPrimaryZone back to the primary, initialRecoveryZone to the standby), then the configured zone, then, back
    to the primary, the zone of the VM it was protected from (fabricObjectId), read before reprotect deletes it."""
    recorded = details.get("initialPrimaryZone" if direction == "toPrimary" else "initialRecoveryZone")
    if recorded:
        return str(recorded)
    zones = settings.get("recoveryAvailabilityZones") or {}
    if zones.get(item_name):
        return zones[item_name]
    if direction == "toPrimary" and details.get("fabricObjectId"):
        status, _, vm = run.send("GET", run.url(details["fabricObjectId"]))
        if status == 200:
            return ((vm or {}).get("zones") or [None])[0]
        run.report.event("zone", "reading %s for its zone answered %d" % (details["fabricObjectId"], status))
    return None


# --- where the VMs run -----------------------------------------------------------------------------------------
def plan_items(run, plan):
    return [i.get("id") for g in properties(plan).get("groups") or [] for i in g.get("replicationProtectedItems") or [] if i.get("id")]


def item_sides(run, item):
    """(the side an item replicates from, the side its VM runs in), each "primary" or "standby". Switch protection
    moves an item into the other region's container, and Az PowerShell's A2A reprotect requires the item's primary
    fabric to be the mapping's target (A2ARPIReprotect), so an item's "primary" is the container it sits in, and its
    activeLocation ("The Current active location of the PE") is Primary there or Recovery on the other side."""
    reprotect = recovery(run).get("reprotect") or {}
    item_id = (item.get("id") or "").lower()
    source = "primary"
    standby_container = ((reprotect.get("toStandby") or {}).get("recoveryContainerId") or "").lower()
    if standby_container and item_id.startswith(standby_container + "/"):
        source = "standby"
    other = "standby" if source == "primary" else "primary"
    running = source if str(properties(item).get("activeLocation") or "Primary").lower() == "primary" else other
    return source, running


def sides(run, plan):
    found = [item_sides(run, run.get(i)) for i in plan_items(run, plan)]
    if not found:
        raise StepFailed("the recovery plan has no protected items")
    sources, running = {s for s, _ in found}, {r for _, r in found}
    if len(running) > 1:
        raise StepFailed("the plan's VMs run in both regions: finish the failover or failback of each item by hand first")
    return sources, running.pop()


def end_outstanding_drill(run, name):
    """Cleans up a test failover a drill left outstanding, when the plan then allows only that: nothing otherwise."""
    _, allowed = plan_state(run)
    if "TestFailoverCleanup" in allowed and "UnplannedFailover" not in allowed:
        return plan_operation(run, name, "testFailoverCleanup", "TestFailoverCleanup",
                              {"properties": {"comments": "azure-ai-failover: a failover ends the drill"}}, run.options.timeout)
    return True


# --- the actions ---------------------------------------------------------------------------------------------
def run_failover(run):
    """Lowest recovery time: the slowest step (Site Recovery) starts first and runs while standby capacity is raised
    and Front Door is switched; the commit follows the failover job."""
    config = run.config
    job = None
    if recovery(run):
        # A drill holds its own lock, so a failover never waits for one; a test failover it left outstanding is
        # cleaned up first (the plan then allows the failover).
        run.step("site-recovery-end-drill", end_outstanding_drill)
        body = {"properties": {"failoverDirection": "PrimaryToRecovery", "sourceSiteOperations": "NotRequired",
                               "providerSpecificDetails": provider_input(run)}}
        job = run.step("site-recovery-failover", lambda r, n: start_plan_operation(r, n, "unplannedFailover", "UnplannedFailover", body))
    # Promotions take minutes (1-3 typically for a forced one): started next, awaited before traffic moves.
    databases = config.get("databases") or []
    for database in databases:
        run.step("database-promote:" + database["key"], start_database_failover, database)
    for target in config.get("standbyDeployments") or []:
        run.step("capacity:" + short(target["id"]), set_deployment, target, target["capacity"])
    if config.get("standbyGateway"):
        run.step("gateway-capacity", set_gateway, config["standbyGateway"]["capacity"])
    for database in databases:
        # The standby's agents write through the promoted server: traffic moves once it takes writes (or the step
        # has failed and is reported: a down primary takes none either).
        run.step("database-promoted:" + database["key"], finish_database_failover, database)
    if config.get("frontDoor"):
        standby = run.config["frontDoor"]["standbyOriginId"]
        ready = run.step("frontdoor-enable-standby", set_origin, standby, "Enabled")
        ready = ready and run.step("frontdoor-standby-healthy", standby_healthy)
        if ready:
            run.step("frontdoor-disable-primary", set_origin, config["frontDoor"]["primaryOriginId"], "Disabled")
        else:
            run.report.step("frontdoor-disable-primary", "skipped", "the standby origin is not confirmed enabled and healthy")
    if recovery(run):
        done = job and run.step("site-recovery-failover-wait", wait_job, job, run.options.recovery_timeout)
        if job == "dry-run":
            run.report.step("site-recovery-commit", "would-do", "failoverCommit on %s, after the failover job" % short(recovery(run)["planId"]))
        elif done or not job:
            # A rerun after the failover job: the plan then allows Commit.
            # The commit takes no body (ReplicationRecoveryPlans_FailoverCommit).
            run.step("site-recovery-commit", lambda r, n: plan_operation(r, n, "failoverCommit", "Commit", None, r.options.timeout))


def run_failback(run):
    """Azure-to-Azure failback as Microsoft documents it (azure-to-azure-tutorial-failback, azure-to-azure-how-to-reprotect):
    reprotect the VMs in the standby so they replicate to the primary, fail over from the standby to the primary,
    commit, reprotect again (primary -> standby); then, once the VMs run in the primary, the primary origin and the
    standby's capacity. Each pass reads the items' state first, so a run that stopped resumes where it was."""
    running = "primary"
    failed_back = committed_back = False
    if recovery(run):
        reprotected = set()
        for _ in range(6):
            plan, allowed = plan_state(run)
            sources, running = sides(run, plan)
            if "Commit" in allowed:
                ok = run.step("site-recovery-commit", lambda r, n: plan_operation(r, n, "failoverCommit", "Commit", None, r.options.timeout))
                committed_back = failed_back and bool(ok)
            elif running == "standby" and sources == {"standby"} and "UnplannedFailover" in allowed:
                # Both regions are up: shut the standby VMs down first and take every replicated write ("Latest":
                # lowest RPO; "Shutdown helps to ensure no data loss", azure-to-azure-tutorial-failback).
                body = {"properties": {"failoverDirection": "RecoveryToPrimary", "sourceSiteOperations": "Required",
                                       "providerSpecificDetails": provider_input(run, recovery(run).get("failbackRecoveryPointType") or "Latest")}}
                ok = run.step("site-recovery-failback", lambda r, n: plan_operation(
                    r, n, "unplannedFailover", "UnplannedFailover", body, r.options.recovery_timeout))
                failed_back = bool(ok)
            elif running == "standby" and "primary" in sources and "toPrimary" not in reprotected:
                reprotected.add("toPrimary")
                ok = run.step("site-recovery-reprotect-to-primary", reprotect_items, "toPrimary")
            elif running == "standby":
                raise StillRunning(
                    "the VMs run in the standby and the plan does not allow failing back yet (allowed: %s): they must replicate "
                    "back to the primary first (reprotect, hours for the first copy); start failback again later" % (", ".join(allowed) or "none"))
            elif "standby" in sources and "toStandby" not in reprotected:
                reprotected.add("toStandby")
                ok = run.step("site-recovery-reprotect-to-standby", reprotect_items, "toStandby")
            elif sources == {"primary"}:
                run.report.step("site-recovery-failback", "done" if reprotected else "skipped",
                                "the VMs run in the primary and replicate to the standby")
                break
            else:
                run.report.step("site-recovery-reprotect-to-standby", "in-progress",
                                "the VMs run in the primary but do not replicate to the standby yet (allowed: %s): start failback "
                                "again later to reprotect them" % (", ".join(allowed) or "none"))
                break
            if not ok or run.dry_run:
                break
        if run.dry_run:
            return
        sources, running = sides(run, run.get(recovery(run)["planId"]))
        # activeLocation after switch protection is not documented: traffic goes back only when this run failed the
        # VMs back and committed, or when every item is back where it started (the primary's container, active there).
        confirmed = (committed_back and running == "primary") or (sources == {"primary"} and running == "primary")
        if not confirmed:
            running = "unconfirmed"
    if running != "primary":
        run.report.step("traffic-and-capacity", "skipped", "the VMs are not confirmed to run in the primary: Front Door and the standby's capacity stay as they are")
        return
    # The data goes back before the traffic: the primary's agents then write to a primary in their own region.
    switched = [run.step("database-switch-back:" + d["key"], switch_database_back, d) for d in run.config.get("databases") or []]
    if not all(switched):
        run.report.step("traffic-and-capacity", "skipped", "a database is not back in the primary yet: Front Door and the standby's capacity stay as they are; start failback again later")
        return
    if run.config.get("frontDoor"):
        run.step("frontdoor-enable-primary", set_origin, run.config["frontDoor"]["primaryOriginId"], "Enabled")
    for target in run.config.get("standbyDeployments") or []:
        if target.get("baseCapacity"):
            run.step("capacity:" + short(target["id"]), set_deployment, target, target["baseCapacity"])
    gateway = run.config.get("standbyGateway") or {}
    if gateway.get("baseCapacity"):
        run.step("gateway-capacity", set_gateway, gateway["baseCapacity"])


def run_drill(run):
    """A test failover of the recovery plan into the isolated drill network; then the checks that the test VMs run
    and that, from inside the drill network, the standby models' private endpoints answer; then the cleanup, which
    runs even when a step before it failed: no test VM is left behind. A successful drill is recorded
    (`drill-latest.json` beside the run records) for the overdue check."""
    plan_id, network = recovery(run).get("planId"), recovery(run).get("drillNetworkId")
    if not plan_id or not network:
        raise StepFailed("a drill needs the recovery plan and the drill network in the runbook configuration")
    body = {"properties": {"failoverDirection": "PrimaryToRecovery", "networkType": "VmNetworkAsInput", "networkId": network,
                           "providerSpecificDetails": provider_input(run)}}
    try:
        up = run.step("drill-test-failover", lambda r, n: plan_operation(
            r, n, "testFailover", "TestFailover", body, r.options.recovery_timeout, ("succeeded", "suspended")))
        vms = up and run.step("drill-vms-running", drill_vms_running)
        if vms and (run.config.get("drill") or {}).get("modelHosts"):
            run.step("drill-models-answer", drill_models_answer, vms)
        elif up:
            run.report.step("drill-models-answer", "skipped", "no test VM runs" if not vms else "no standby model hosts configured to probe")
    finally:
        run.step("drill-cleanup", lambda r, n: plan_operation(
            r, n, "testFailoverCleanup", "TestFailoverCleanup", {"properties": {"comments": "azure-ai-failover drill"}}, r.options.timeout))
    if run.dry_run:
        return
    # A drill that tested nothing (the plan did not allow a test failover: after a failover, with replication
    # unhealthy, or a test failover still outstanding) is no success: it must not quiet the overdue alert.
    waited = [s for s in run.report.data["steps"] if s["name"] == "drill-test-failover-wait"]
    if not waited or waited[-1]["status"] != "done":
        tried = [s for s in run.report.data["steps"] if s["name"] == "drill-test-failover"]
        run.report.step("drill-verdict", "failed", "the test failover did not run to the end (%s): nothing was tested"
                        % (tried[-1]["detail"] if tried else "not started"))
        return
    if not run.report.failed() and not run.report.in_progress():
        record_drill_success(run)


def test_vm_ids(run):
    """The test failover VM of each protected item of the plan: A2AReplicationDetails.testFailoverRecoveryFabricObjectId
    ("The test failover fabric object Id"), else the VM named tfoAzureVMName ("The test failover VM name") in the
    item's recovery resource group (recoveryAzureResourceGroupId). Items whose testFailoverState is "None" have none."""
    found = []
    for item_id in plan_items(run, run.get(recovery(run)["planId"])):
        item = properties(run.get(item_id))
        details = item.get("providerSpecificDetails") or {}
        vm = details.get("testFailoverRecoveryFabricObjectId")
        if not vm and details.get("tfoAzureVMName") and details.get("recoveryAzureResourceGroupId"):
            vm = "%s/providers/Microsoft.Compute/virtualMachines/%s" % (details["recoveryAzureResourceGroupId"].rstrip("/"), details["tfoAzureVMName"])
        found.append((item.get("friendlyName") or short(item_id), str(item.get("testFailoverState") or ""), vm))
    return found


def power_state(vm):
    """The VM's PowerState/* code from its instance view (VirtualMachine_Get_WithInstanceView.json), e.g. "running"."""
    for status in (properties(vm).get("instanceView") or {}).get("statuses") or []:
        code = str(status.get("code") or "")
        if code.lower().startswith("powerstate/"):
            return code.split("/", 1)[1].lower()
    return "unknown"


def drill_vms_running(run, name):
    """Every item's test VM exists and runs (PowerState/running), waited for within --vm-wait seconds."""
    if run.dry_run:
        run.report.step(name, "would-do", "check that every test VM runs")
        return []
    deadline = time.monotonic() + run.bounded(run.options.vm_wait)
    while True:
        states, running, missing = [], [], []
        for item_name, tfo_state, vm_id in test_vm_ids(run):
            if not vm_id:
                missing.append("%s (testFailoverState %s, no test VM named)" % (item_name, tfo_state or "unknown"))
                continue
            status, _, vm = run.send("GET", run.url(vm_id) + "&$expand=instanceView")
            state = power_state(vm) if status == 200 else "HTTP %d" % status
            states.append("%s: %s" % (item_name, state))
            if state == "running":
                running.append({"id": vm_id, "item": item_name, "location": (vm or {}).get("location"),
                                "osType": ((properties(vm).get("storageProfile") or {}).get("osDisk") or {}).get("osType") or "Linux"})
            elif status >= 400 and status != 404:
                raise StepFailed("reading test VM %s answered %s: %s" % (vm_id, status, error_message(vm)))
        if running and len(running) == len(states) and not missing:
            run.report.step(name, "done", "; ".join(states))
            return running
        if time.monotonic() > deadline:
            raise StepFailed("test VMs not all running after %d s: %s" % (run.options.vm_wait, "; ".join(states + missing) or "none found"))
        run.sleep(run.options.poll_interval)


# The probe runs on a test VM, inside the drill network: name resolution through the drill network's DNS must give a
# private address, and the endpoint must answer HTTPS. The Automation sandbox itself is outside every VNet.
PROBE_SH = """set -u
for h in %(hosts)s; do
  ip=$(getent hosts "$h" | awk '{print $1; exit}')
  code=$(curl -s -o /dev/null -m 15 -w '%%{http_code}' "https://$h/openai/models?api-version=2024-10-21" || echo 000)
  echo "AAF-PROBE $h ${ip:-unresolved} $code"
done
"""
PROBE_PS = """foreach ($h in @(%(hosts)s)) {
  $ip = try { (Resolve-DnsName -Name $h -Type A -ErrorAction Stop | Where-Object { $_.IPAddress } | Select-Object -First 1).IPAddress } catch { 'unresolved' }
  $code = try { (Invoke-WebRequest -UseBasicParsing -TimeoutSec 15 -Uri "https://$h/openai/models?api-version=2024-10-21").StatusCode } catch { if ($_.Exception.Response) { [int]$_.Exception.Response.StatusCode } else { '000' } }
  Write-Output "AAF-PROBE $h $ip $code"
}
"""


def private_address(ip):
    parts = ip.split(".")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return False
    a, b = int(parts[0]), int(parts[1])
    return a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168)


def drill_models_answer(run, name, vms):
    """Runs the probe on the first running test VM as a managed Run Command (VirtualMachineRunCommands - Create Or
    Update, then Get with $expand=instanceView, VirtualMachineRunCommand_CreateOrUpdate.json / _Get.json): everything
    stays under the VM's own scope, and the cleanup deletes the VM and its run commands. A host passes when it
    resolves to a private address and answers HTTP (without a token a model endpoint answers 401: reachable)."""
    hosts = [h for h in run.config["drill"]["modelHosts"] if h]
    vm = vms[0]
    windows = str(vm.get("osType")).lower() == "windows"
    quoted = " ".join("'%s'" % h.replace("'", "") for h in hosts)
    script = (PROBE_PS % {"hosts": ",".join("'%s'" % h.replace("'", "") for h in hosts)}) if windows else (PROBE_SH % {"hosts": quoted})
    command_id = vm["id"] + "/runCommands/aaf-drill-probe"
    run.write("PUT", command_id, {"location": vm.get("location"), "properties": {
        "source": {"script": script}, "asyncExecution": False, "timeoutInSeconds": 120,
        "treatFailureAsDeploymentFailure": False}})
    deadline = time.monotonic() + run.bounded(run.options.timeout)
    while True:
        status, _, command = run.send("GET", run.url(command_id) + "&$expand=instanceView")
        if status >= 400:
            raise StepFailed("reading the probe's run command answered %d: %s" % (status, error_message(command)))
        view = properties(command).get("instanceView") or {}
        state = str(view.get("executionState") or "").lower()
        if state in ("succeeded", "failed", "timedout", "canceled"):
            break
        if time.monotonic() > deadline:
            raise run.out_of_time("the probe on %s is still %s" % (short(vm["id"]), state or "pending"), run.options.timeout)
        run.sleep(run.options.poll_interval)
    if state != "succeeded":
        raise StepFailed("the probe on %s ended %s: %s" % (short(vm["id"]), state, (view.get("error") or view.get("executionMessage") or "")[:300]))
    seen, bad = [], []
    for line in str(view.get("output") or "").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == "AAF-PROBE":
            _, host, ip, code = parts
            seen.append(host)
            ok = private_address(ip) and code.isdigit() and 100 <= int(code) < 600
            (bad if not ok else []).append("%s -> %s HTTP %s" % (host, ip, code))
            run.report.event("probe", "%s resolved to %s, answered HTTP %s" % (host, ip, code))
    missing = [h for h in hosts if h not in seen]
    if bad or missing:
        raise StepFailed("from test VM %s the standby models do not answer through the drill network: %s" % (
            short(vm["id"]), "; ".join(bad + ["%s: no result" % h for h in missing])))
    run.report.step(name, "done", "from %s, %d model endpoint(s) resolve privately and answer" % (short(vm["id"]), len(hosts)))
    return True


def latest_drill_url(run):
    records = run.config.get("records") or {}
    return records["containerUrl"].rstrip("/") + "/drill-latest.json" if records.get("containerUrl") else None


def record_drill_success(run):
    """Keeps the time of the last successful drill in a fixed blob that the daily overdue check reads."""
    url = latest_drill_url(run)
    if not url:
        return
    body = json.dumps({"succeededAt": now(), "startedAt": run.report.data["startedAt"]}).encode("utf-8")
    status, _, answer = run.send("PUT", url, headers={"x-ms-version": STORAGE_VERSION, "x-ms-blob-type": "BlockBlob",
                                                     "Content-Type": "application/json"}, auth=STORAGE_RESOURCE, raw_body=body)
    if status >= 300:
        run.report.event("record", "storing the drill's success answered %d: %s" % (status, error_message(answer)))


def run_drill_watch(run):
    """The daily overdue check: the last successful drill (or, before the first, the schedule's start) must be at most
    `overdueAfterDays` old. Its Result, `overdue` or `on-time`, is the metric the overdue alert reads: Azure Monitor
    metric alerts look back at most one day, so a missing monthly drill is found by this daily run instead."""
    drill = run.config.get("drill") or {}
    url = latest_drill_url(run)
    if not url:
        raise StepFailed("the overdue check needs the run records container in the runbook configuration")
    status, _, body = run.send("GET", url, headers={"x-ms-version": STORAGE_VERSION}, auth=STORAGE_RESOURCE)
    if status == 200 and isinstance(body, dict) and parse_time(body.get("succeededAt")):
        since, what = parse_time(body["succeededAt"]), "last successful drill"
    elif status == 404:
        since, what = parse_time(drill.get("firstDrillAt") or "") or datetime.datetime.now(datetime.timezone.utc), "first scheduled drill"
    else:
        raise StepFailed("reading the last drill's record answered %d: %s" % (status, error_message(body)))
    age = (datetime.datetime.now(datetime.timezone.utc) - since).total_seconds() / 86400.0
    limit = float(drill.get("overdueAfterDays") or 35)
    run.report.data["drillAgeDays"] = round(max(age, 0.0), 2)
    if age > limit:
        run.report.step("drill-overdue", "done", "%s at %s, %.1f days ago (limit %g days)" % (what, since.isoformat(), age, limit))
        return "overdue"
    run.report.step("drill-on-time", "done", "%s at %s, %.1f days ago (limit %g days)" % (what, since.isoformat(), max(age, 0.0), limit))
    return "on-time"


# --- token-overload drill --------------------------------------------------------------------------------------
def pool_members(backend):
    return [{"id": str(s.get("id")), "priority": s.get("priority")} for s in ((properties(backend).get("pool") or {}).get("services") or [])]


def same_members(a, b):
    return sorted((m["id"].lower(), m.get("priority")) for m in a) == sorted((m["id"].lower(), m.get("priority")) for m in b)


def set_pool(run, members, etag):
    """Backend - Update (PATCH with If-Match, ApiManagementUpdateBackend.json): only the pool's members change."""
    run.keep_lock()
    status, _, answer = run.send("PATCH", run.url(run.config["overloadDrill"]["poolId"]),
                                 body={"properties": {"type": "Pool", "pool": {"services": members}}},
                                 headers={"If-Match": etag or "*"})
    if status >= 400:
        raise ArmError("PATCH %s answered %d: %s" % (run.config["overloadDrill"]["poolId"], status, error_message(answer)), error_code(answer))


def read_pool(run):
    status, headers, backend = run.send("GET", run.url(run.config["overloadDrill"]["poolId"]))
    if status >= 400:
        raise StepFailed("reading the backend pool answered %d: %s" % (status, error_message(backend)))
    return backend, headers.get("etag")


def gateway_requests(run, start, end):
    """(all, failed) gateway requests between start and end: the Requests metric of the service (Total) split by
    GatewayResponseCodeCategory (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-apimanagement-service-metrics);
    a 5xx category is a failed request."""
    service = run.config["overloadDrill"]["poolId"].split("/backends/")[0]
    query = "&" + urllib.parse.urlencode({
        "metricnames": "Requests", "aggregation": "Total", "interval": "PT1M",
        "timespan": "%s/%s" % (start.replace(microsecond=0).isoformat().replace("+00:00", "Z"), end.replace(microsecond=0).isoformat().replace("+00:00", "Z")),
        "$filter": "GatewayResponseCodeCategory eq '*'",
    })
    body = run.get(service, "/providers/Microsoft.Insights/metrics", query)
    total = failed = 0.0
    for metric in body.get("value") or []:
        for series in metric.get("timeseries") or []:
            category = "".join(str(m.get("value", "")) for m in series.get("metadatavalues") or [])
            count = sum(float(d.get("total") or 0) for d in series.get("data") or [])
            total += count
            if category.strip().startswith("5"):
                failed += count
    return total, failed


def judge(run, total, failed):
    limit = float(run.config["overloadDrill"].get("maxFailedPercent", 1))
    if total <= 0:
        return "unverified", "no requests reached the gateway during the drill: nothing shows they kept succeeding"
    percent = 100.0 * failed / total
    verdict = "done" if percent <= limit else "failed"
    return verdict, "%d requests, %d failed (%.2f %%, limit %g %%)" % (total, failed, percent, limit)


def run_overload_drill(run):
    """For a bounded time, the primary region's gateway sends every request to the standby's models: the primary's
    backend is taken out of the gateway's backend pool (API Management uses a lower priority only when the higher ones
    are unavailable, so this is what a tripped breaker on the primary does). Requests are watched through the
    gateway's Requests metric; the pool is restored when the time is up, when requests fail beyond the limit, and
    when any step fails. A pool left without the primary by an earlier run that was stopped is restored first."""
    drill = run.config.get("overloadDrill")
    if not drill:
        raise StepFailed("the overload drill needs overloadDrill in the runbook configuration")
    deployed = [{"id": m["id"], "priority": m["priority"]} for m in drill["members"]]
    drilled = [m for m in deployed if m["id"].lower() != drill["primaryBackendId"].lower()]
    backend, etag = read_pool(run)
    current = pool_members(backend)
    if same_members(current, drilled) and not run.dry_run:
        set_pool(run, deployed, etag)
        run.report.step("overload-restore-leftover", "done", "an earlier drill left the primary out of the pool: restored first")
        backend, etag = read_pool(run)
        current = pool_members(backend)
    if not same_members(current, deployed):
        raise StepFailed("the pool's members are not as deployed (%s): refusing to change a pool someone else changed" % (
            ", ".join("%s@%s" % (short(m["id"]), m.get("priority")) for m in current) or "none"))
    if run.dry_run:
        run.report.step("overload-remove-primary", "would-do", "take %s out of %s for %d s" % (short(drill["primaryBackendId"]), short(drill["poolId"]), drill["seconds"]))
        return
    hold = min(float(run.options.overload_seconds or drill["seconds"]), float(drill["seconds"]))
    started = datetime.datetime.now(datetime.timezone.utc)
    changed = False
    try:
        run.report.begin()
        set_pool(run, drilled, etag)
        changed = True
        run.report.step("overload-remove-primary", "done", "%s out of %s for %d s" % (short(drill["primaryBackendId"]), short(drill["poolId"]), hold))
        ends = time.monotonic() + run.bounded(hold)
        while time.monotonic() < ends:
            run.sleep(min(run.options.overload_check_every, max(0.0, ends - time.monotonic())))
            total, failed = gateway_requests(run, started, datetime.datetime.now(datetime.timezone.utc))
            verdict, detail = judge(run, total, failed)
            if verdict == "failed":
                run.report.step("overload-requests-succeed", "failed", detail + ": stopped early")
                break
    finally:
        if changed:
            restore_pool(run, deployed)
    ended = datetime.datetime.now(datetime.timezone.utc)
    if any(s["name"] == "overload-requests-succeed" for s in run.report.data["steps"]):
        return
    # Metrics arrive minutes late: wait, then judge the whole window.
    run.sleep(run.options.metrics_delay)
    run.report.begin()
    total, failed = gateway_requests(run, started, ended)
    verdict, detail = judge(run, total, failed)
    run.report.step("overload-requests-succeed", verdict, detail)


def restore_pool(run, deployed):
    """Puts the pool back as deployed; retried within the step's time, since a pool left changed is the one outcome
    this drill must never have."""
    run.report.begin()
    deadline = time.monotonic() + max(60.0, run.options.timeout)
    while True:
        try:
            _, etag = read_pool(run)
            set_pool(run, deployed, etag)
            backend, _ = read_pool(run)
            if same_members(pool_members(backend), deployed):
                run.report.step("overload-restore", "done", "pool restored as deployed")
                return
            problem = "the pool still differs after the update"
        except StepFailed as failure:
            problem = str(failure)
        if time.monotonic() > deadline:
            run.report.step("overload-restore", "failed", "POOL NOT RESTORED (%s): restore it by hand or start the overload drill again, which restores it first" % problem)
            return
        run.sleep(run.options.poll_interval)


ACTIONS = {"failover": run_failover, "failback": run_failback, "drill": run_drill, "drill-watch": run_drill_watch,
           "overload-drill": run_overload_drill}


# --- records and notification ----------------------------------------------------------------------------
def store_record(run, text):
    """Keeps the report as a blob (Put Blob), so who ran what and why outlives the job's own log."""
    records = run.config.get("records")
    if not records or run.dry_run:
        return
    name = "%s-%s.json" % (run.report.data["startedAt"].replace(":", ""), run.report.data["action"])
    status, _, body = run.send("PUT", records["containerUrl"].rstrip("/") + "/" + name,
                               headers={"x-ms-version": STORAGE_VERSION, "x-ms-blob-type": "BlockBlob", "Content-Type": "application/json"},
                               auth=STORAGE_RESOURCE, raw_body=text.encode("utf-8"))
    if status >= 300:
        run.report.event("record", "storing the run record answered %d: %s" % (status, error_message(body)))


def publish_outcome(run, result):
    """One custom metric point per run (namespace azure-ai-failover, metric Runs, dimensions Action and Result) on
    the Automation account: alert rules on it tell people about failed runs, approvals awaited and global incidents.
    https://learn.microsoft.com/azure/azure-monitor/metrics/metrics-store-custom-rest-api"""
    metrics = run.config.get("metrics")
    if not metrics or result == "dry-run":
        return
    body = {"time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "data": {"baseData": {
        "metric": "Runs", "namespace": "azure-ai-failover", "dimNames": ["Action", "Result"],
        "series": [{"dimValues": [run.report.data["action"], result], "min": 1, "max": 1, "sum": 1, "count": 1}],
    }}}
    try:
        status, _, answer = run.send("POST", metrics["url"], body=body, auth=MONITORING_RESOURCE)
        if status >= 300:
            run.report.event("metric", "publishing the run's outcome answered %d: %s" % (status, error_message(answer)))
    except StepFailed as failure:
        run.report.event("metric", "publishing the run's outcome failed: %s" % failure)


# --- main -------------------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(description="azure-ai-failover worker runbook")
    parser.add_argument("--action", choices=sorted(ACTIONS), default=ACTION)
    parser.add_argument("--reason", help="a person's reason to act now (failover without an event, failback, drill)")
    parser.add_argument("--operator", help="who asks for it; recorded with the reason")
    parser.add_argument("--config-file", help="path of a JSON configuration (tests and manual runs)")
    parser.add_argument("--dry-run", action="store_true", help="read everything, write nothing, report what would be done")
    parser.add_argument("--arm-endpoint", default=os.environ.get("AAF_ARM_ENDPOINT", "https://management.azure.com"))
    parser.add_argument("--max-attempts", type=int, default=6)
    parser.add_argument("--backoff-base", type=float, default=2.0, help="seconds; doubles per attempt, with jitter")
    parser.add_argument("--backoff-max", type=float, default=60.0)
    parser.add_argument("--retry-after-max", type=float, default=300.0)
    parser.add_argument("--poll-interval", type=float, default=15.0)
    parser.add_argument("--poll-interval-max", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds an ARM operation may take")
    parser.add_argument("--recovery-timeout", type=float, default=7200.0, help="seconds a Site Recovery job may take")
    parser.add_argument("--health-wait", type=float, default=600.0, help="seconds to wait for the standby origin to be healthy")
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--run-budget", type=float, default=9900.0,
                        help="seconds the whole run may take: Azure Automation stops a Python job after 3 hours")
    parser.add_argument("--vm-wait", type=float, default=900.0, help="seconds a drill waits for its test VMs to run")
    parser.add_argument("--overload-seconds", type=float, default=0.0,
                        help="overload drill: seconds the primary stays out of the pool (at most the configured time)")
    parser.add_argument("--overload-check-every", type=float, default=60.0, help="overload drill: seconds between metric checks")
    parser.add_argument("--metrics-delay", type=float, default=240.0,
                        help="overload drill: seconds to wait for the gateway's metrics before judging the whole window")
    parser.add_argument("--event-wait", type=float, default=300.0,
                        help="seconds to keep reading Service Health events when the alert came before the event did")
    options, unknown = parser.parse_known_args(argv)
    if unknown:
        # Automation hands a Python runbook its parameters as plain arguments; anything else is a mistake.
        parser.error("unknown arguments: %s" % " ".join(unknown))
    if not options.action:
        parser.error("--action is required")
    return options


def main(argv=None):
    options = parse_args(sys.argv[1:] if argv is None else argv)
    config = CONFIG
    if options.config_file:
        with open(options.config_file, encoding="utf-8") as handle:
            config = json.load(handle)
    report = Report(options.action, options.dry_run)
    run = Run(options, config, report)
    report.data["startedBy"] = {"operator": options.operator, "reason": options.reason} if options.reason else "automation"
    result = "failed"
    try:
        result = execute(run)
    except StillRunning as waiting:
        report.step("resume-later", "in-progress", str(waiting))
        result = "failed" if report.failed() else "in-progress"
    except (StepFailed, LockLost) as failure:
        report.step("error", "failed", str(failure))
        result = "lock-lost" if isinstance(failure, LockLost) else "failed"
    finally:
        if run.lock:
            try:
                run.lock.release()
            except StepFailed as failure:
                report.event("lock", "releasing the lease failed (it lapses by itself within %d s): %s" % (LEASE_SECONDS, failure))
    text = report.finish(result)
    for publish in (store_record, lambda r, t: publish_outcome(r, result)):
        try:
            publish(run, text)
        except StepFailed as failure:
            report.event("record", str(failure))
    print(text)
    return 1 if result in ("failed", "lock-lost") else 0


def execute(run):
    """Decides, takes the lock, acts; returns the run's result."""
    options, report = run.options, run.report
    if options.action == "failover":
        verdict, reason = decide(run)
        report.data["decision"] = {"act": verdict == "act", "reason": reason}
        report.event("decision", reason)
        if verdict == "global":
            return "global-incident"
        if verdict != "act":
            return "no-action"
        if run.config.get("mode") == "approval" and not options.reason:
            # Nothing changes until a person starts the failover with a reason; the planned steps are reported.
            run.dry_run = True
            report.data["dryRun"] = True
            ACTIONS["failover"](run)
            return "awaiting-approval"
    elif options.action == "drill-watch":
        # Reads one blob and publishes the verdict: no lock, no change.
        report.data["decision"] = {"act": True, "reason": "drill-watch: is the last successful drill overdue?"}
        return ACTIONS["drill-watch"](run)
    elif options.action == "failback" and not options.reason:
        raise StepFailed("failback is a person's decision: start it with --reason (and --operator), e.g. --reason=primary-healthy-since-0900 (no spaces: Automation passes Python arguments without them)")
    else:
        report.data["decision"] = {"act": True, "reason": "%s: %s" % (options.action, options.reason or "scheduled")}
    if run.config.get("lock") and not run.dry_run:
        url = run.config["lock"]["blobUrl"]
        if options.action in ("drill", "drill-watch"):
            # Drills take hours and must never hold up a failover: they keep a lock of their own, beside it.
            url = url.rsplit("/", 1)[0] + "/drill.lock"
        lock = BlobLock(run, url)
        if not lock.acquire():
            report.event("lock", "another run holds the lock: nothing done")
            return "locked"
        run.lock = lock
    ACTIONS[options.action](run)
    if run.dry_run:
        return "dry-run"
    return "failed" if report.failed() else "in-progress" if report.in_progress() else "succeeded"


if __name__ == "__main__":
    sys.exit(main())
