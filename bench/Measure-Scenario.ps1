<#
.SYNOPSIS
    Runs one benchmark scenario in this (fresh) pwsh process and prints one JSON line with its figures.
    Started by Invoke-Benchmarks.ps1, one process per run, so runs do not share warm-up or memory.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'RestLoop', 'RestParallel', 'Import', 'ImportOnly')] [string] $Scenario,
    [Parameter(Mandatory)] [string] $ModulePath,
    # One CSV file, or several separated by commas (pwsh -File passes arguments as plain strings).
    [string] $Csv,
    [string] $BaseUri,
    [string] $MerchantId,
    [string] $Email,
    [string] $Password,
    [int] $ThrottleLimit = 16,
    # Module: trust this CA (PEM) for an HTTPS sandbox; turn the pace learnt from 429s off.
    [string] $CertificateAuthorityPath,
    [switch] $NoAdaptiveRate,
    # Module: write each verbose line with the seconds since the pass started to this file (diagnosis; costs per row).
    [string] $VerboseLog,
    # RestParallel: Invoke-RestMethod's own retries (0 = none, as a plain call).
    [int] $MaximumRetryCount = 0,
    [int] $RetryIntervalSec = 1,
    # Import scenarios: a module imported before the clock starts, as in a shell whose profile or PSReadLine
    # already paid PowerShell's first-import price.
    [string] $ImportFirst
)
$ErrorActionPreference = 'Stop'
$process = [Diagnostics.Process]::GetCurrentProcess()

if ($ImportFirst) { Import-Module $ImportFirst }
if ($Scenario -in 'Import', 'ImportOnly') {
    # What a user waits for in a new shell: the import, then (Import) signing in and the first customer created. The
    # import is timed before anything else loads a module (ConvertTo-SecureString would), so it pays PowerShell's
    # first-import price as a script's first line does.
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Import-Module $ModulePath
    $importMs = $clock.Elapsed.TotalMilliseconds
    if ($Scenario -eq 'ImportOnly') {
        [pscustomobject]@{ importMs = $importMs } | ConvertTo-Json -Compress
        return
    }
    $credential = [pscredential]::new($Email, (ConvertTo-SecureString $Password -AsPlainText -Force))
    $clock.Restart()
    Connect-MerchantApi -BaseUri $BaseUri -MerchantId $MerchantId -Credential $credential
    $connectMs = $clock.Elapsed.TotalMilliseconds
    $clock.Restart()
    $null = New-MerchantCustomer -Email "first-$([guid]::NewGuid().ToString('n'))@example.com" -FirstName First -LastName Call -Country FR -VerificationDocumentId DOC-1 -ResidenceAddress "1 Rue de Rivoli, Paris"
    $firstCallMs = $clock.Elapsed.TotalMilliseconds
    [pscustomobject]@{ importMs = $importMs; connectMs = $connectMs; firstCallMs = $firstCallMs } | ConvertTo-Json -Compress
    return
}

$credential = [pscredential]::new($Email, (ConvertTo-SecureString $Password -AsPlainText -Force))
if ($Scenario -eq 'Module') {
    Import-Module $ModulePath
    $connect = @{ BaseUri = $BaseUri; MerchantId = $MerchantId; Credential = $credential; NoAdaptiveRate = $NoAdaptiveRate }
    if ($CertificateAuthorityPath) { $connect.CertificateAuthorityPath = $CertificateAuthorityPath }
    Connect-MerchantApi @connect
}
else {
    # What a user writes without the module: log in once, then one Invoke-RestMethod per row.
    $login = Invoke-RestMethod -Method Post -Uri "$BaseUri/v2/auth/login" -ContentType 'application/json' `
        -Headers @{ merchant_id = $MerchantId } -Body (@{ token = $Email; password = $Password } | ConvertTo-Json)
    $headers = @{ Authorization = "Bearer $($login.data.accessToken)" }
}

# One pass per CSV file, in this one process: the first pays for the JIT warming up, later ones show the steady cost.
$passes = foreach ($file in $Csv -split ',') {
    $process.Refresh()
    $cpuBefore = $process.TotalProcessorTime
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $count = 0
    $failures = 0
    switch ($Scenario) {
        'Module' {
            $rowErrors = [Collections.ArrayList]::new()
            if ($VerboseLog) {
                $log = [IO.StreamWriter]::new($VerboseLog)
                try {
                    Import-Csv $file | New-MerchantCustomer -ThrottleLimit $ThrottleLimit -InformationAction Ignore -ErrorAction SilentlyContinue -ErrorVariable +rowErrors -Verbose 4>&1 |
                        ForEach-Object {
                            if ($_ -is [Management.Automation.VerboseRecord]) { $log.WriteLine(('{0:0.000} {1}' -f $clock.Elapsed.TotalSeconds, $_.Message)) }
                            else { $count++ }
                        }
                }
                finally { $log.Dispose() }
            }
            else {
                # Counted by a compiled cmdlet, not a script block: the raw program it is compared with has no consumer at all.
                $count = (Import-Csv $file | New-MerchantCustomer -ThrottleLimit $ThrottleLimit -InformationAction Ignore -ErrorAction SilentlyContinue -ErrorVariable +rowErrors | Measure-Object).Count
            }
            $failures = $rowErrors.Count
        }
        'RestLoop' {
            Import-Csv $file | ForEach-Object {
                $null = Invoke-RestMethod -Method Post -Uri "$BaseUri/v2/customer/create" -Headers $headers -ContentType 'application/json' -Body ($_ | ConvertTo-Json -Compress)
                $count++
            }
        }
        'RestParallel' {
            $retry = if ($MaximumRetryCount) { @{ MaximumRetryCount = $MaximumRetryCount; RetryIntervalSec = $RetryIntervalSec } } else { @{} }
            # 1 a row created, 0 a row whose call failed (after its retries, if any).
            $outcome = Import-Csv $file | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
                $retry = $using:retry
                try {
                    $null = Invoke-RestMethod -Method Post -Uri "$using:BaseUri/v2/customer/create" -Headers $using:headers -ContentType 'application/json' -Body ($_ | ConvertTo-Json -Compress) -ErrorAction Stop @retry
                    1
                }
                catch { 0 }
            } | Measure-Object -Sum
            $count = [int]$outcome.Sum
            $failures = $outcome.Count - $count
        }
    }
    $seconds = $clock.Elapsed.TotalSeconds
    $process.Refresh()
    [pscustomobject]@{ rows = $count; failures = $failures; seconds = $seconds; cpuSeconds = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds }
}
$first = @($passes)[0]
[pscustomobject]@{
    rows             = $first.rows
    failures         = $first.failures
    seconds          = $first.seconds
    rowsPerSecond    = $first.rows / $first.seconds
    cpuSeconds       = $first.cpuSeconds
    peakWorkingSetMB = [math]::Round($process.PeakWorkingSet64 / 1MB, 1)
    passes           = @($passes)
} | ConvertTo-Json -Compress
