<#
.SYNOPSIS
    Runs one benchmark scenario in this (fresh) pwsh process and prints one JSON line with its figures.
    Started by Invoke-Benchmarks.ps1, one process per run, so runs do not share warm-up or memory.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Module', 'RestLoop', 'RestParallel', 'Import')] [string] $Scenario,
    [Parameter(Mandatory)] [string] $ModulePath,
    [string] $Csv,
    [string] $BaseUri,
    [string] $MerchantId,
    [string] $Email,
    [string] $Password,
    [int] $ThrottleLimit = 16
)
$ErrorActionPreference = 'Stop'
$process = [Diagnostics.Process]::GetCurrentProcess()

if ($Scenario -eq 'Import') {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Import-Module $ModulePath
    $importMs = $clock.Elapsed.TotalMilliseconds
    [pscustomobject]@{ importMs = $importMs } | ConvertTo-Json -Compress
    return
}

$credential = [pscredential]::new($Email, (ConvertTo-SecureString $Password -AsPlainText -Force))
if ($Scenario -eq 'Module') {
    Import-Module $ModulePath
    Connect-MerchantApi -BaseUri $BaseUri -MerchantId $MerchantId -Credential $credential
}
else {
    # What a user writes without the module: log in once, then one Invoke-RestMethod per row.
    $login = Invoke-RestMethod -Method Post -Uri "$BaseUri/v2/auth/login" -ContentType 'application/json' `
        -Headers @{ merchant_id = $MerchantId } -Body (@{ token = $Email; password = $Password } | ConvertTo-Json)
    $headers = @{ Authorization = "Bearer $($login.data.accessToken)" }
}

$process.Refresh()
$cpuBefore = $process.TotalProcessorTime
$clock = [Diagnostics.Stopwatch]::StartNew()
$firstMs = $null
$count = 0
switch ($Scenario) {
    'Module' {
        Import-Csv $Csv | New-MerchantCustomer -ThrottleLimit $ThrottleLimit -InformationAction Ignore |
            ForEach-Object { if ($null -eq $firstMs) { $firstMs = $clock.Elapsed.TotalMilliseconds }; $count++ }
    }
    'RestLoop' {
        Import-Csv $Csv | ForEach-Object {
            $null = Invoke-RestMethod -Method Post -Uri "$BaseUri/v2/customer/create" -Headers $headers -ContentType 'application/json' -Body ($_ | ConvertTo-Json -Compress)
            $count++
        }
    }
    'RestParallel' {
        $count = (Import-Csv $Csv | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
                Invoke-RestMethod -Method Post -Uri "$using:BaseUri/v2/customer/create" -Headers $using:headers -ContentType 'application/json' -Body ($_ | ConvertTo-Json -Compress)
            } | Measure-Object).Count
    }
}
$seconds = $clock.Elapsed.TotalSeconds
$process.Refresh()
[pscustomobject]@{
    rows          = $count
    seconds       = $seconds
    rowsPerSecond = $count / $seconds
    cpuSeconds    = ($process.TotalProcessorTime - $cpuBefore).TotalSeconds
    firstResultMs = $firstMs
    peakWorkingSetMB = [math]::Round($process.PeakWorkingSet64 / 1MB, 1)
} | ConvertTo-Json -Compress
