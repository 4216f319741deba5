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

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Filter.ExcludeTag = @($ExcludeTag | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = [System.IO.Path]::ChangeExtension($SummaryPath, '.xml')
$result = Invoke-Pester -Configuration $configuration

# A failed block or container (e.g. a BeforeAll that threw) fails the run even when no single test did.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
if ($result.Result -ne 'Passed' -and $failed -eq 0) { $failed = 1 }
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content $SummaryPath
"$($result.PassedCount) passed, $failed failed"
exit ([int]($failed -gt 0))
