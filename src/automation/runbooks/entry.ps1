<#
.SYNOPSIS
  azure-ai-failover entry runbook (PowerShell 5.1): woken by the Service Health alert's webhook, it starts the
  Python 3.10 failover worker.

.DESCRIPTION
  "Using a webhook to start a Python runbook is not supported" (https://learn.microsoft.com/azure/automation/automation-webhooks),
  so this runbook is the webhook's target. It passes nothing on: the request is never trusted, and the worker
  reads the subscription's Service Health events from Azure itself. It records what woke it, then creates the
  worker's job with the Automation REST API (Job - Create, api-version 2024-10-23:
  https://learn.microsoft.com/rest/api/automation/job/create), authenticated with the account's system-assigned
  managed identity, which holds "Automation Job Operator" (jobs/write) on this account. No Az module is needed.
#>
param(
    [Parameter(Mandatory = $false)]
    [object] $WebhookData
)

$ErrorActionPreference = "Stop"

# The deployment writes these values between the markers.
# AAF-CONFIG-START
$AutomationAccountId = ""
$WorkerRunbookName = ""
# AAF-CONFIG-END

# Windows PowerShell 5.1 may not offer TLS 1.2 by default; Azure Resource Manager requires it.
[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12

$JobsApiVersion = "2024-10-23"
$ArmEndpoint = "https://management.azure.com"

if ($WebhookData -and $WebhookData.RequestBody) {
    # For the record only: what the request claims is not what decides.
    try {
        $essentials = (ConvertFrom-Json $WebhookData.RequestBody).data.essentials
        Write-Output ("Woken by {0}: alert rule {1}, condition {2}" -f $WebhookData.WebhookName, $essentials.alertRule, $essentials.monitorCondition)
    } catch {
        Write-Output ("Woken by {0} with a body that is not an alert" -f $WebhookData.WebhookName)
    }
}

# Token for ARM from the account's managed identity, without Az modules.
# https://learn.microsoft.com/azure/automation/enable-managed-identity-for-automation#generate-an-access-token-without-using-azure-cmdlets
$tokenHeaders = @{ "X-IDENTITY-HEADER" = $env:IDENTITY_HEADER; "Metadata" = "True" }
$token = (Invoke-RestMethod -Method Get -Uri ($env:IDENTITY_ENDPOINT + "?resource=https://management.azure.com/") -Headers $tokenHeaders).access_token

$jobName = [guid]::NewGuid().ToString()
$uri = "{0}{1}/jobs/{2}?api-version={3}" -f $ArmEndpoint, $AutomationAccountId, $jobName, $JobsApiVersion
# Python runbooks take no named parameters; the worker needs none.
$body = @{ properties = @{ runbook = @{ name = $WorkerRunbookName }; parameters = @{}; runOn = "" } } | ConvertTo-Json -Depth 5

# Throttled (429) or failing (5xx) answers are retried with backoff, waiting at least what Retry-After asks.
for ($attempt = 1; $attempt -le 5; $attempt++) {
    try {
        $job = Invoke-RestMethod -Method Put -Uri $uri -Headers @{ Authorization = "Bearer $token" } -ContentType "application/json" -Body $body
        Write-Output ("Started worker runbook {0}, job {1}" -f $WorkerRunbookName, $job.properties.jobId)
        return
    } catch {
        $status = 0
        $wait = [math]::Pow(2, $attempt)
        if ($_.Exception.Response) {
            $status = [int]$_.Exception.Response.StatusCode
            $retryAfter = $_.Exception.Response.Headers["Retry-After"]
            if ($retryAfter) { $wait = [math]::Max($wait, [double]$retryAfter) }
        }
        if (($status -ne 429 -and $status -lt 500) -or $attempt -eq 5) {
            throw ("Starting {0} answered {1}: {2}" -f $WorkerRunbookName, $status, $_.Exception.Message)
        }
        Start-Sleep -Seconds ([math]::Min($wait, 60) + (Get-Random -Minimum 0 -Maximum 2))
    }
}
