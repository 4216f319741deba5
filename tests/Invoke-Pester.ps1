<#
.SYNOPSIS
    Runs the Pester suites against a built module folder; writes a JSON summary for build.ps1 and ends with
    "N passed, N failed". Started by build.ps1 in its own pwsh process.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $ExcludeTag = @(),
    [string[]] $Path = @($PSScriptRoot)
)
$ErrorActionPreference = 'Stop'

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$pester = Join-Path $packages 'pester/6.2.0/tools/Pester.psd1'
if (-not (Test-Path $pester)) { throw "Pester 6.2.0 not found at '$pester'; run 'dotnet restore tests/PesterRestore'." }
Import-Module $pester -Force

# The suites import the module under test from here.
$env:MERCHANTAPI_TEST_MODULE = [System.IO.Path]::GetFullPath($ModulePath)

# Leak check (issue #5): everything the suites print goes into a transcript, every sandbox gets random secrets and
# logs them (tests/MerchantSandbox.psm1), and tests/final/ greps the transcript, the captured streams and the NUnit
# XML for them after the main run.
$results = Split-Path ([System.IO.Path]::GetFullPath($SummaryPath))
$null = New-Item -ItemType Directory -Path $results -Force
$env:MERCHANTAPI_TEST_RESULTS = $results
$env:MERCHANTAPI_SECRETS_LOG = Join-Path $results 'issued-secrets.txt'
$transcript = Join-Path $results 'transcript.txt'
Remove-Item -LiteralPath $env:MERCHANTAPI_SECRETS_LOG, (Join-Path $results 'captured-streams.txt') -ErrorAction SilentlyContinue
$null = Start-Transcript -LiteralPath $transcript -Force
$finalFolder = Join-Path $PSScriptRoot 'final'

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.ExcludePath = @(Join-Path $finalFolder '*')
$configuration.Run.PassThru = $true
$configuration.Filter.ExcludeTag = @($ExcludeTag | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($SummaryPath, '.xml')
$result = Invoke-Pester -Configuration $configuration
$runs = @($result)

# The HTTPS pass: the suites of sessions, bulk runs and the foundation once more, every sandbox over TLS with its CA
# trusted through -CertificateAuthorityPath (tests/MerchantSandbox.psm1). The soak over TLS is Transport.Tests'.
if (-not $PSBoundParameters.ContainsKey('Path')) {
    $env:MERCHANTAPI_TEST_HTTPS = '1'
    $env:MERCHANTAPI_TEST_CA_BUNDLE = Join-Path $results 'sandbox-cas.pem'
    Remove-Item -LiteralPath $env:MERCHANTAPI_TEST_CA_BUNDLE -ErrorAction SilentlyContinue
    try {
        $httpsConfiguration = New-PesterConfiguration
        $httpsConfiguration.Run.Path = @('Foundation', 'Session', 'Bulk') | ForEach-Object { Join-Path $PSScriptRoot "$_.Tests.ps1" }
        $httpsConfiguration.Run.PassThru = $true
        $httpsConfiguration.Filter.ExcludeTag = $configuration.Filter.ExcludeTag.Value
        $httpsConfiguration.Output.Verbosity = 'Detailed'
        $httpsConfiguration.Output.RenderMode = 'Plaintext'
        Write-Host 'HTTPS pass: Foundation, Session and Bulk over TLS.'
        $runs += Invoke-Pester -Configuration $httpsConfiguration
    }
    finally {
        $env:MERCHANTAPI_TEST_HTTPS = $null
        $global:PSDefaultParameterValues.Remove('Connect-MerchantApi:CertificateAuthorityPath')
    }
}
$null = Stop-Transcript

# A failed block or container (e.g. a BeforeAll that threw) fails the run even when no single test did.
function Get-FailedCount($Run) {
    $count = $Run.FailedCount + $Run.FailedBlocksCount + $Run.FailedContainersCount
    if ($Run.Result -ne 'Passed' -and $count -eq 0) { $count = 1 }
    $count
}
$passed = ($runs | Measure-Object PassedCount -Sum).Sum
$failed = ($runs | ForEach-Object { Get-FailedCount $_ } | Measure-Object -Sum).Sum
$skipped = ($runs | Measure-Object SkippedCount -Sum).Sum

# The leak check runs after the main run has finished writing its transcript and NUnit XML.
$finalTests = @(Get-ChildItem $finalFolder -Filter *.Tests.ps1 -ErrorAction SilentlyContinue)
if ($finalTests -and -not $PSBoundParameters.ContainsKey('Path')) { # a run of chosen files has nothing complete to check
    $env:MERCHANTAPI_LEAK_FILES = (@($transcript, (Join-Path $results 'captured-streams.txt'), $configuration.TestResult.OutputPath.Value) -join [IO.Path]::PathSeparator)
    $final = New-PesterConfiguration
    $final.Run.Path = @($finalTests.FullName)
    $final.Run.PassThru = $true
    $final.Output.Verbosity = 'Detailed'
    $final.Output.RenderMode = 'Plaintext'
    $final.TestResult.Enabled = $true
    $final.TestResult.OutputFormat = 'NUnitXml'
    $final.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($SummaryPath, '.final.xml')
    $finalResult = Invoke-Pester -Configuration $final
    $passed += $finalResult.PassedCount
    $failed += Get-FailedCount $finalResult
    $skipped += $finalResult.SkippedCount
}

[pscustomobject]@{ Passed = $passed; Failed = $failed; Skipped = $skipped } |
    ConvertTo-Json | Set-Content $SummaryPath
"$passed passed, $failed failed"
exit ([int]($failed -gt 0))
