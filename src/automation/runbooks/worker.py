#!/usr/bin/env python3
"""azure-ai-failover worker runbook: failover, failback and drill of a warm-standby AI platform.

Python 3.10, standard library only: it runs in an Azure Automation sandbox with the account's managed
identity and calls Azure Resource Manager (and Blob Storage, for the lock) over REST.

    worker.py --action failover --alert-b64 <base64 of the alert JSON> [--dry-run]
    worker.py --action failback
    worker.py --action drill

What each action does, and why, is in the package README ("What happens during an incident"). Every run
prints one JSON report of every step on stdout and exits non-zero when a step failed.
"""
import argparse
import base64
import datetime
import email.utils
import json
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

# The deployment writes this runbook's configuration (resource ids, targets) between these markers.
# AAF-CONFIG-START
CONFIG = {}
ACTION = None
# AAF-CONFIG-END

API_VERSIONS = {
    "Microsoft.Cdn": "2025-06-01",
    "Microsoft.CognitiveServices": "2025-06-01",
    "Microsoft.ApiManagement": "2024-05-01",
    "Microsoft.RecoveryServices": "2024-10-01",
}
ARM_RESOURCE = "https://management.azure.com/"
STORAGE_RESOURCE = "https://storage.azure.com/"
STORAGE_VERSION = "2023-11-03"
RETRYABLE = {408, 429, 500, 502, 503, 504}


class StepFailed(Exception):
    """A step could not be completed; the run stops and exits non-zero."""


def now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def api_version(resource_id):
    for namespace, version in API_VERSIONS.items():
        if "/providers/%s/" % namespace.lower() in resource_id.lower():
            return version
    raise StepFailed("no API version known for %s" % resource_id)


def with_version(url, version):
    return url + ("&" if "?" in url else "?") + "api-version=" + version


def retry_after_seconds(headers):
    """Seconds the server asked us to wait (Retry-After or retry-after-ms), or None."""
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


class Client:
    """ARM and Blob REST calls with managed-identity tokens, exponential backoff with jitter, and LRO polling."""

    def __init__(self, options, report):
        self.arm = options.arm_endpoint.rstrip("/")
        self.options = options
        self.report = report
        self.tokens = {}

    # --- tokens ---------------------------------------------------------------------------------------
    def token(self, resource):
        if resource in self.tokens:
            return self.tokens[resource]
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
    def send(self, method, url, body=None, headers=None, auth=ARM_RESOURCE):
        """Sends a request, retrying 408/429/5xx and connection errors with exponential backoff and jitter
        (honouring Retry-After). Returns (status, headers, parsed JSON or None)."""
        attempts = self.options.max_attempts
        for attempt in range(1, attempts + 1):
            request_headers = dict(headers or {})
            if auth:
                request_headers["Authorization"] = "Bearer " + self.token(auth)
            data = None
            if body is not None:
                data = json.dumps(body).encode("utf-8")
                request_headers["Content-Type"] = "application/json"
            request = urllib.request.Request(url, data=data, method=method, headers=request_headers)
            try:
                with urllib.request.urlopen(request, timeout=self.options.request_timeout) as response:
                    status, response_headers, raw = response.status, response.headers, response.read()
            except urllib.error.HTTPError as error:
                status, response_headers, raw = error.code, error.headers, error.read()
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == attempts:
                    raise StepFailed("%s %s failed after %d attempts: %s" % (method, url, attempts, error))
                self.wait(attempt, None, "%s %s: %s" % (method, url, error))
                continue
            lowered = {k.lower(): v for k, v in response_headers.items()}
            parsed = None
            if raw:
                try:
                    parsed = json.loads(raw.decode("utf-8"))
                except ValueError:
                    parsed = None
            if status in RETRYABLE and attempt < attempts:
                self.wait(attempt, retry_after_seconds(lowered), "%s %s answered %d" % (method, url, status))
                continue
            return status, lowered, parsed
        raise StepFailed("unreachable")

    def wait(self, attempt, retry_after, why):
        base = self.options.backoff_base
        # Exponential backoff with full jitter, capped; the server's Retry-After wins when it asks for longer.
        delay = random.uniform(0, min(self.options.backoff_max, base * (2 ** (attempt - 1))))
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.options.retry_after_max))
        self.report.event("retry", "%s; waiting %.2f s before attempt %d" % (why, delay, attempt + 1))
        time.sleep(delay)

    # --- ARM helpers ----------------------------------------------------------------------------------------
    def get(self, resource_id, suffix=""):
        url = with_version(self.arm + resource_id + suffix, api_version(resource_id))
        status, _, body = self.send("GET", url)
        if status == 404:
            raise StepFailed("%s was not found" % resource_id)
        if status >= 400:
            raise StepFailed("GET %s answered %d: %s" % (resource_id, status, error_message(body)))
        return body or {}

    def write(self, method, resource_id, body, suffix=""):
        """A write (PUT/PATCH/POST), followed to completion when it is long-running."""
        url = with_version(self.arm + resource_id + suffix, api_version(resource_id))
        status, headers, response = self.send(method, url, body=body)
        if status >= 400:
            raise StepFailed("%s %s%s answered %d: %s" % (method, resource_id, suffix, status, error_message(response)))
        operation = headers.get("azure-asyncoperation") or (headers.get("location") if status == 202 else None)
        if operation:
            self.poll(operation, headers, bool(headers.get("azure-asyncoperation")))
        return response

    def poll(self, url, headers, async_operation):
        deadline = time.monotonic() + self.options.timeout
        delay = retry_after_seconds(headers)
        while True:
            self.report.renew_lock()
            if time.monotonic() > deadline:
                raise StepFailed("operation %s did not finish within %d s" % (url, self.options.timeout))
            time.sleep(self.options.poll_interval if delay is None else min(delay, self.options.poll_interval_max))
            status, headers, body = self.send("GET", url)
            delay = retry_after_seconds(headers)
            if async_operation:
                state = (body or {}).get("status", "")
                if state.lower() == "succeeded":
                    return body
                if state.lower() in ("failed", "canceled", "cancelled"):
                    raise StepFailed("operation %s ended %s: %s" % (url, state, error_message(body)))
            else:
                if status == 202:
                    continue
                if status < 300:
                    return body
                raise StepFailed("operation %s answered %d: %s" % (url, status, error_message(body)))


def error_message(body):
    if isinstance(body, dict):
        error = body.get("error") or {}
        if isinstance(error, dict) and error.get("message"):
            return error.get("message")
        if body.get("message"):
            return body.get("message")
    return "no detail"


class Report:
    """Every step and event of the run, printed as one JSON document at the end."""

    def __init__(self, action, dry_run):
        self.data = {"action": action, "dryRun": dry_run, "startedAt": now(), "decision": None, "steps": [], "events": []}
        self.lock = None

    def event(self, kind, detail):
        self.data["events"].append({"at": now(), "kind": kind, "detail": detail})
        print("[%s] %s: %s" % (now(), kind, detail), file=sys.stderr, flush=True)

    def step(self, name, status, detail):
        self.data["steps"].append({"name": name, "status": status, "detail": detail, "at": now()})
        print("[%s] step %s: %s (%s)" % (now(), name, status, detail), file=sys.stderr, flush=True)

    def renew_lock(self):
        if self.lock:
            self.lock.renew()

    def finish(self, result):
        self.data["result"] = result
        self.data["finishedAt"] = now()
        print(json.dumps(self.data, indent=2))


class BlobLock:
    """A lease on a blob: only one run at a time holds it. Renewed while operations are polled."""

    def __init__(self, client, url, report):
        self.client, self.url, self.report = client, url, report
        self.lease_id = None
        self.renewed_at = 0.0

    def headers(self, action, extra=None):
        headers = {"x-ms-version": STORAGE_VERSION, "x-ms-lease-action": action}
        headers.update(extra or {})
        return headers

    def acquire(self):
        for _ in range(2):
            status, headers, body = self.client.send(
                "PUT", self.url + "?comp=lease", headers=self.headers("acquire", {"x-ms-lease-duration": "60"}),
                auth=STORAGE_RESOURCE,
            )
            if status in (200, 201):
                self.lease_id = headers.get("x-ms-lease-id")
                self.renewed_at = time.monotonic()
                return True
            if status == 409:
                return False
            if status == 404:
                # First run: the lock blob does not exist yet.
                created, _, _ = self.client.send(
                    "PUT", self.url, headers={"x-ms-version": STORAGE_VERSION, "x-ms-blob-type": "BlockBlob"}, auth=STORAGE_RESOURCE,
                )
                if created >= 300 and created != 409:
                    raise StepFailed("could not create the lock blob: HTTP %d" % created)
                continue
            raise StepFailed("could not take the lock: HTTP %d %s" % (status, error_message(body)))
        raise StepFailed("could not take the lock")

    def renew(self):
        if self.lease_id and time.monotonic() - self.renewed_at > 20:
            self.client.send("PUT", self.url + "?comp=lease", headers=self.headers("renew", {"x-ms-lease-id": self.lease_id}), auth=STORAGE_RESOURCE)
            self.renewed_at = time.monotonic()

    def release(self):
        if self.lease_id:
            self.client.send("PUT", self.url + "?comp=lease", headers=self.headers("release", {"x-ms-lease-id": self.lease_id}), auth=STORAGE_RESOURCE)
            self.lease_id = None


# --- deciding ----------------------------------------------------------------------------------------------------
def alert_properties(alert):
    """The Service Health properties of an alert, in the common alert schema or the activity-log schema."""
    data = (alert or {}).get("data") or {}
    essentials = data.get("essentials") or {}
    context = data.get("alertContext") or {}
    if "properties" in context:
        return essentials, context.get("properties") or {}
    activity = ((data.get("context") or {}).get("activityLog")) or {}
    return essentials, activity.get("properties") or {}


def decide(alert, config):
    """Whether this alert calls for a failover, and why (or why not)."""
    essentials, properties = alert_properties(alert)
    service = essentials.get("monitoringService")
    if service and service != "ServiceHealth":
        return False, "not a Service Health alert (monitoring service %r): no failover" % service
    if essentials.get("monitorCondition") and essentials.get("monitorCondition") != "Fired":
        return False, "alert condition is %r, not 'Fired'" % essentials.get("monitorCondition")
    incident_type = properties.get("incidentType")
    if incident_type not in config.get("incidentTypes", ["Incident"]):
        return False, "incident type %r is not watched (%s)" % (incident_type, ", ".join(config.get("incidentTypes", ["Incident"])))
    stage = properties.get("stage")
    if stage != "Active":
        return False, "stage is %r, not 'Active'" % stage
    impacted = properties.get("impactedServices") or []
    if isinstance(impacted, str):
        try:
            impacted = json.loads(impacted)
        except ValueError:
            return False, "impactedServices is not valid JSON"
    primary = config["primaryRegion"]
    watched = set(config.get("watchedServices") or [])
    hits = []
    for entry in impacted:
        regions = [r.get("RegionName") for r in entry.get("ImpactedRegions") or []]
        if primary in regions and (not watched or entry.get("ServiceName") in watched):
            hits.append(entry.get("ServiceName"))
    if not hits:
        return False, "no watched service is impacted in the primary region %s" % primary
    return True, "active %s %s in %s for %s" % (incident_type, properties.get("trackingId", ""), primary, ", ".join(hits))


# --- steps -----------------------------------------------------------------------------------------------------
def origin_state(origin):
    return ((origin or {}).get("properties") or {}).get("enabledState", "Enabled")


def set_origin(client, report, dry_run, name, origin_id, state, group_id):
    origins = client.get(group_id, "/origins").get("value", [])
    by_id = {o.get("id", "").lower(): o for o in origins}
    current = by_id.get(origin_id.lower())
    if current is None:
        raise StepFailed("origin %s is not in origin group %s" % (origin_id, group_id))
    if origin_state(current) == state:
        report.step(name, "skipped", "origin already %s" % state)
        return
    if state == "Disabled":
        others = [o for o in origins if o.get("id", "").lower() != origin_id.lower() and origin_state(o) == "Enabled"]
        if not others:
            raise StepFailed("refusing to disable %s: it is the last enabled origin of the group" % origin_id)
    if dry_run:
        report.step(name, "would-do", "set origin %s" % state)
        return
    client.write("PATCH", origin_id, {"properties": {"enabledState": state}})
    report.step(name, "done", "origin %s" % state)


def scale_deployment(client, report, dry_run, target):
    deployment = client.get(target["id"])
    sku = dict(deployment.get("sku") or {})
    name = "capacity:" + target["id"].rsplit("/", 1)[-1]
    if int(sku.get("capacity", 0)) >= int(target["capacity"]):
        report.step(name, "skipped", "capacity %s already at or above %s" % (sku.get("capacity"), target["capacity"]))
        return
    if dry_run:
        report.step(name, "would-do", "raise capacity %s -> %s" % (sku.get("capacity"), target["capacity"]))
        return
    sku["capacity"] = int(target["capacity"])
    properties = deployment.get("properties") or {}
    body = {"sku": sku, "properties": {k: properties[k] for k in ("model", "versionUpgradeOption", "raiPolicyName") if k in properties}}
    client.write("PUT", target["id"], body)
    report.step(name, "done", "capacity raised to %s" % target["capacity"])


def scale_gateway(client, report, dry_run, target):
    service = client.get(target["id"])
    sku = dict(service.get("sku") or {})
    if int(sku.get("capacity", 0)) >= int(target["capacity"]):
        report.step("gateway-capacity", "skipped", "gateway already has %s units" % sku.get("capacity"))
        return
    if dry_run:
        report.step("gateway-capacity", "would-do", "scale gateway %s -> %s units" % (sku.get("capacity"), target["capacity"]))
        return
    sku["capacity"] = int(target["capacity"])
    client.write("PATCH", target["id"], {"sku": sku})
    report.step("gateway-capacity", "done", "gateway scaled to %s units" % target["capacity"])


def plan_operation(client, report, dry_run, plan_id, operation, allowed_name, body, label, follows=False):
    """Runs a recovery plan operation if the plan allows it now. `follows`: the step comes right after another
    plan operation, which in a dry run did not happen, so it is reported as would-do without asking the plan."""
    if dry_run and follows:
        report.step(label, "would-do", "%s on %s, after the previous step" % (operation, plan_id.rsplit("/", 1)[-1]))
        return True
    plan = client.get(plan_id)
    allowed = (plan.get("properties") or {}).get("allowedOperations") or []
    if allowed_name not in allowed:
        report.step(label, "skipped", "%s is not allowed now (allowed: %s)" % (allowed_name, ", ".join(allowed) or "none"))
        return False
    if dry_run:
        report.step(label, "would-do", "%s on %s" % (operation, plan_id.rsplit("/", 1)[-1]))
        return True
    client.write("POST", plan_id, body, suffix="/" + operation)
    report.step(label, "done", "%s completed" % operation)
    return True


A2A_LATEST = [{"instanceType": "A2A", "recoveryPointType": "Latest"}]


def run_failover(client, report, config, dry_run):
    front_door = config.get("frontDoor")
    if front_door:
        # Make sure the standby origin takes traffic before the primary stops taking it.
        set_origin(client, report, dry_run, "frontdoor-enable-standby", front_door["standbyOriginId"], "Enabled", front_door["originGroupId"])
        set_origin(client, report, dry_run, "frontdoor-disable-primary", front_door["primaryOriginId"], "Disabled", front_door["originGroupId"])
    for target in config.get("standbyDeployments") or []:
        scale_deployment(client, report, dry_run, target)
    if config.get("standbyGateway"):
        scale_gateway(client, report, dry_run, config["standbyGateway"])
    plan_id = config.get("recoveryPlanId")
    if plan_id:
        done = plan_operation(
            client, report, dry_run, plan_id, "unplannedFailover", "UnplannedFailover",
            {"properties": {"failoverDirection": "PrimaryToRecovery", "sourceSiteOperations": "NotRequired", "providerSpecificDetails": A2A_LATEST}},
            "site-recovery-failover",
        )
        if done:
            plan_operation(client, report, dry_run, plan_id, "failoverCommit", "Commit", None, "site-recovery-commit", follows=True)


def run_failback(client, report, config, dry_run):
    plan_id = config.get("recoveryPlanId")
    if plan_id:
        plan = client.get(plan_id)
        allowed = (plan.get("properties") or {}).get("allowedOperations") or []
        if "PlannedFailover" not in allowed:
            raise StepFailed(
                "the recovery plan cannot fail back yet (allowed: %s): reprotect it first, so the standby replicates back to the primary" % (", ".join(allowed) or "none")
            )
        plan_operation(client, report, dry_run, plan_id, "plannedFailover", "PlannedFailover",
                       {"properties": {"failoverDirection": "RecoveryToPrimary", "providerSpecificDetails": A2A_LATEST}}, "site-recovery-failback")
        plan_operation(client, report, dry_run, plan_id, "failoverCommit", "Commit", None, "site-recovery-commit", follows=True)
    front_door = config.get("frontDoor")
    if front_door:
        set_origin(client, report, dry_run, "frontdoor-enable-primary", front_door["primaryOriginId"], "Enabled", front_door["originGroupId"])
    if plan_id:
        plan_operation(client, report, dry_run, plan_id, "reProtect", "ReverseReplicate",
                       {"properties": {"failoverDirection": "PrimaryToRecovery", "providerSpecificDetails": [{"instanceType": "A2A"}]}},
                       "site-recovery-reprotect", follows=True)


def run_drill(client, report, config, dry_run):
    plan_id = config.get("recoveryPlanId")
    network = config.get("drillNetworkId")
    if not plan_id or not network:
        raise StepFailed("a drill needs recoveryPlanId and drillNetworkId in the runbook configuration")
    started = plan_operation(
        client, report, dry_run, plan_id, "testFailover", "TestFailover",
        {"properties": {"failoverDirection": "PrimaryToRecovery", "networkType": "VmNetworkAsInput", "networkId": network, "providerSpecificDetails": A2A_LATEST}},
        "drill-test-failover",
    )
    if started:
        plan_operation(client, report, dry_run, plan_id, "testFailoverCleanup", "TestFailoverCleanup",
                       {"properties": {"comments": "azure-ai-failover drill"}}, "drill-cleanup", follows=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="azure-ai-failover worker runbook")
    parser.add_argument("--action", choices=["failover", "failback", "drill"], default=ACTION)
    parser.add_argument("--alert-b64", help="base64 of the alert JSON the webhook received")
    parser.add_argument("--alert-file", help="path of a file holding the alert JSON")
    parser.add_argument("--config-file", help="path of a JSON configuration (tests and manual runs)")
    parser.add_argument("--dry-run", action="store_true", help="read everything, write nothing, report what would be done")
    parser.add_argument("--arm-endpoint", default=os.environ.get("AAF_ARM_ENDPOINT", "https://management.azure.com"))
    parser.add_argument("--max-attempts", type=int, default=6)
    parser.add_argument("--backoff-base", type=float, default=2.0, help="seconds; doubles per attempt, with jitter")
    parser.add_argument("--backoff-max", type=float, default=60.0)
    parser.add_argument("--retry-after-max", type=float, default=300.0)
    parser.add_argument("--poll-interval", type=float, default=15.0)
    parser.add_argument("--poll-interval-max", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds a long-running operation may take")
    parser.add_argument("--request-timeout", type=float, default=60.0)
    parser.add_argument("positional", nargs="*", help="Automation passes runbook parameters positionally: a lone base64 alert is accepted")
    options = parser.parse_args(argv)
    if not options.alert_b64 and options.positional:
        options.alert_b64 = options.positional[0]
    if not options.action:
        parser.error("--action is required")
    return options


def load_alert(options):
    if options.alert_file:
        with open(options.alert_file, encoding="utf-8") as handle:
            return json.load(handle)
    if options.alert_b64:
        return json.loads(base64.b64decode(options.alert_b64).decode("utf-8"))
    return None


def main(argv=None):
    options = parse_args(sys.argv[1:] if argv is None else argv)
    config = CONFIG
    if options.config_file:
        with open(options.config_file, encoding="utf-8") as handle:
            config = json.load(handle)
    report = Report(options.action, options.dry_run)
    client = Client(options, report)
    try:
        if options.action == "failover":
            alert = load_alert(options)
            act, reason = decide(alert, config) if alert is not None else (False, "no alert given: a failover runs only on an alert")
            report.data["decision"] = {"act": act, "reason": reason}
            report.event("decision", reason)
            if not act:
                report.finish("no-action")
                return 0
        else:
            report.data["decision"] = {"act": True, "reason": "%s started by hand" % options.action}
        lock = None
        if config.get("lock") and not options.dry_run:
            lock = BlobLock(client, config["lock"]["blobUrl"], report)
            if not lock.acquire():
                report.event("lock", "another run holds the lock: nothing done")
                report.finish("locked")
                return 0
            report.lock = lock
        try:
            {"failover": run_failover, "failback": run_failback, "drill": run_drill}[options.action](client, report, config, options.dry_run)
        finally:
            if lock:
                lock.release()
        report.finish("dry-run" if options.dry_run else "succeeded")
        return 0
    except StepFailed as failure:
        report.step("error", "failed", str(failure))
        report.finish("failed")
        return 1


if __name__ == "__main__":
    sys.exit(main())
