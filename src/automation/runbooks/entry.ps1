<#
.SYNOPSIS
  azure-ai-failover entry runbook (PowerShell 5.1): receives the alert from the action group's webhook and starts
  the Python 3.10 failover worker with it.

.DESCRIPTION
  Webhooks cannot start Python runbooks, so this runbook is the webhook's target. It passes the alert body,
  base64-encoded, as the worker's single parameter; the worker decides whether the alert calls for a failover.
  It authenticates with the Automation account's system-assigned managed identity, which holds the
  "Automation Job Operator" role on this account only.
#>
param(
    [Parameter(Mandatory = $false)]
    [object] $WebhookData
)

$ErrorActionPreference = "Stop"

# The deployment writes these values between the markers.
# AAF-CONFIG-START
$AutomationAccountName = ""
$ResourceGroupName = ""
$WorkerRunbookName = ""
# AAF-CONFIG-END

if (-not $WebhookData -or -not $WebhookData.RequestBody) {
    throw "This runbook is started by its webhook with an alert. To fail over, fail back or run a drill by hand, start the worker runbooks directly."
}

$alert = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($WebhookData.RequestBody))

Disable-AzContextAutosave -Scope Process | Out-Null
Connect-AzAccount -Identity | Out-Null

$job = Start-AzAutomationRunbook `
    -AutomationAccountName $AutomationAccountName `
    -ResourceGroupName $ResourceGroupName `
    -Name $WorkerRunbookName `
    -Parameters @{ "alert" = $alert }

Write-Output ("Started worker runbook {0}, job {1}" -f $WorkerRunbookName, $job.JobId)
