<#
    The package check behind `build.ps1 -Task Package` and the Pester test tagged Package: the built module
    folder goes through PSResourceGet exactly as users will get it from a gallery - published to a throw-away
    local folder repository, installed from there into an empty CurrentUser scope, imported by name - and then
    runs a smoke test against a fresh sandbox.

    Everything runs in a child pwsh whose HOME (and XDG folders) point into a temporary folder, so registering
    the repository and installing the module leave no trace in the user's real profile, and no module already
    installed there can stand in for the one under test.
#>
Set-StrictMode -Version Latest

$script:ChildScript = @'
param([string] $Repository, [string] $ModuleFolder, [string] $SandboxHelper, [string] $SandboxDll)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$name = Split-Path $ModuleFolder -Leaf

Register-PSResourceRepository -Name PackageCheck -Uri $Repository -Trusted
Publish-PSResource -Path $ModuleFolder -Repository PackageCheck
Install-PSResource -Name $name -Repository PackageCheck -Scope CurrentUser -TrustRepository -Quiet

Import-Module $name
$module = Get-Module $name
$home_ = [System.IO.Path]::GetFullPath($HOME)
if (-not $module.ModuleBase.StartsWith($home_)) { throw "Imported $name from '$($module.ModuleBase)', not from the clean scope under '$home_'." }

Import-Module $SandboxHelper
$sandbox = Start-MerchantSandbox -Path $SandboxDll
try {
    Connect-MerchantApi -BaseUri $sandbox.Uri -MerchantId $sandbox.MerchantId -Credential $sandbox.Credential
    $customer = New-MerchantCustomer -Email package.check@example.com -FirstName Package -LastName Check -Country FR `
        -VerificationDocumentId FV000001 -ResidenceAddress '1 Rue de Rivoli, 75001 Paris'
    if ($customer.Country -ne 'FR' -or -not $customer.Id) { throw "The smoke test did not get the customer back: $customer" }
    $table = $customer | Format-Table | Out-String
    if ($table -notmatch 'package.check@example.com') { throw "The installed formats do not show the customer: $table" }
    $help = Get-Help New-MerchantCustomer -Full
    if (-not @($help.examples.example).Count) { throw 'The installed module has no examples in its help.' }
    if (-not (Get-Help about_MerchantApi | Out-String)) { throw 'about_MerchantApi is missing from the installed module.' }
}
finally {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox $sandbox
}
"PACKAGE OK $name $($module.Version) $($module.ModuleBase)"
'@

function Test-ModulePackage {
    <#
    .SYNOPSIS
        Publishes a built module folder to a temporary PSResourceGet repository, installs it into a clean scope,
        imports it by name and runs the smoke test. Throws on any failure; returns what it checked and how long
        it took.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ModuleFolder,
        [Parameter(Mandatory)] [string] $SandboxHelper,
        [Parameter(Mandatory)] [string] $SandboxDll,
        [string] $Pwsh = (Join-Path $PSHOME 'pwsh')
    )
    $started = [System.Diagnostics.Stopwatch]::StartNew()
    $ModuleFolder = [System.IO.Path]::GetFullPath($ModuleFolder)
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('module-package-' + [guid]::NewGuid().ToString('n'))
    $repository = Join-Path $work 'repository'
    $profileFolder = Join-Path $work 'home'
    $null = New-Item -ItemType Directory -Path $repository, $profileFolder -Force
    $script = Join-Path $work 'check.ps1'
    Set-Content -LiteralPath $script -Value $script:ChildScript

    # The child's per-user folders all live in $work; PSModulePath is left for the child to compute from them.
    $isolated = @{
        HOME = $profileFolder; USERPROFILE = $profileFolder
        XDG_DATA_HOME = Join-Path $profileFolder '.local/share'; XDG_CONFIG_HOME = Join-Path $profileFolder '.config'
        XDG_CACHE_HOME = Join-Path $profileFolder '.cache'; LOCALAPPDATA = Join-Path $profileFolder 'AppData/Local'
        APPDATA = Join-Path $profileFolder 'AppData/Roaming'; PSModulePath = $null
    }
    # .NET reports a per-user folder that does not exist as '' and PSResourceGet would then write into the
    # current directory: create them all first.
    foreach ($key in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'LOCALAPPDATA', 'APPDATA') { $null = New-Item -ItemType Directory -Path $isolated[$key] -Force }
    $saved = @{}
    foreach ($key in $isolated.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $isolated[$key]) }
    Push-Location $work
    try {
        $output = & $Pwsh -NoProfile -NonInteractive -File $script -Repository $repository -ModuleFolder $ModuleFolder `
            -SandboxHelper ([System.IO.Path]::GetFullPath($SandboxHelper)) -SandboxDll ([System.IO.Path]::GetFullPath($SandboxDll)) 2>&1
        $exit = $LASTEXITCODE
    }
    finally {
        Pop-Location
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
    $text = ($output | Out-String).Trim()
    $package = @(Get-ChildItem $repository -Filter *.nupkg)
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    if ($exit -ne 0 -or $text -notmatch 'PACKAGE OK (\S+) (\S+) (.+)$') { throw "The package check failed (exit $exit):`n$text" }
    [pscustomobject]@{
        Module    = $Matches[1]
        Version   = $Matches[2]
        Installed = $Matches[3].Trim()
        Package   = if ($package) { $package[0].Name } else { $null }
        Seconds   = [math]::Round($started.Elapsed.TotalSeconds, 1)
    }
}

Export-ModuleMember -Function Test-ModulePackage
