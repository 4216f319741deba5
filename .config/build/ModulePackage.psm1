<#
    The package check behind `build.ps1 -Task Package` and the Pester test tagged Package: the built module
    folder goes through PSResourceGet exactly as users will get it from a gallery - published to a throw-away
    local folder repository, installed from there into an empty CurrentUser scope, imported by name - and then
    runs a smoke test against a fresh sandbox.

    The sandbox goes the same way as users get it: Install-SandboxTool packs it as a .NET tool and installs that from
    a local folder source into a temporary tool path; the smoke test then runs against the installed merchant-sandbox
    executable (Test-ModulePackage -SandboxPath).

    Everything runs in a child pwsh whose HOME (and XDG folders) point into a temporary folder, so registering
    the repository and installing the module leave no trace in the user's real profile, and no module already
    installed there can stand in for the one under test.
#>
Set-StrictMode -Version Latest

$script:ChildScript = @'
param([string] $Repository, [string] $ModuleFolder, [string] $SandboxHelper, [string] $SandboxPath)
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
$sandbox = Start-MerchantSandbox -Path $SandboxPath
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
"SANDBOX RAN $($sandbox.Source)"
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
        # The sandbox to smoke-test against: a built MerchantApi.Sandbox.dll or an installed merchant-sandbox executable.
        [Parameter(Mandatory)] [Alias('SandboxDll')] [string] $SandboxPath,
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
            -SandboxHelper ([System.IO.Path]::GetFullPath($SandboxHelper)) -SandboxPath ([System.IO.Path]::GetFullPath($SandboxPath)) 2>&1
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
    $packageMatches = $Matches
    $sandboxRan = if ($text -match '(?m)^SANDBOX RAN (.+)$') { $Matches[1].Trim() } else { $null }
    $Matches = $packageMatches
    [pscustomobject]@{
        Module    = $Matches[1]
        Version   = $Matches[2]
        Installed = $Matches[3].Trim()
        Package   = if ($package) { $package[0].Name } else { $null }
        Seconds   = [math]::Round($started.Elapsed.TotalSeconds, 1)
        Sandbox   = $sandboxRan
    }
}

function Install-SandboxTool {
    <#
    .SYNOPSIS
        Packs the sandbox as a .NET tool (MerchantApi.Sandbox.<version>.nupkg) into a folder and installs it from that
        folder into a temporary tool path, as `dotnet tool install` does for users. Returns the nupkg, the installed
        merchant-sandbox executable and the work folder (remove it with Remove-Item when done). Throws on any failure.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $ProjectPath,
        # The version to install: the module's (both come from Directory.Build.props).
        [Parameter(Mandatory)] [string] $Version,
        # Pack what is already built in Release (the Build task builds it) instead of building again.
        [switch] $NoBuild
    )
    $started = [System.Diagnostics.Stopwatch]::StartNew()
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('sandbox-tool-' + [guid]::NewGuid().ToString('n'))
    $feed = Join-Path $work 'feed'
    $tools = Join-Path $work 'tools'
    $null = New-Item -ItemType Directory -Path $feed, $tools -Force
    $pack = @('pack', [System.IO.Path]::GetFullPath($ProjectPath), '-c', 'Release', '--nologo', '--verbosity', 'quiet', '-o', $feed)
    if ($NoBuild) { $pack += '--no-build' }
    $output = & dotnet @pack 2>&1
    if ($LASTEXITCODE -ne 0) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue; throw "dotnet pack failed:`n$($output | Out-String)" }
    $package = @(Get-ChildItem $feed -Filter *.nupkg)
    if ($package.Count -ne 1 -or $package[0].Name -ne "MerchantApi.Sandbox.$Version.nupkg") {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
        throw "dotnet pack made '$($package.Name -join ', ')', not MerchantApi.Sandbox.$Version.nupkg."
    }
    # A package cache of its own: the user's may hold an older build of the same version, which would be installed instead.
    $savedPackages = $env:NUGET_PACKAGES
    $env:NUGET_PACKAGES = Join-Path $work 'packages'
    try {
        $output = & dotnet tool install MerchantApi.Sandbox --tool-path $tools --add-source $feed --version $Version 2>&1
        $exit = $LASTEXITCODE
    }
    finally { $env:NUGET_PACKAGES = $savedPackages }
    $executable = Join-Path $tools ($IsWindows ? 'merchant-sandbox.exe' : 'merchant-sandbox')
    if ($exit -ne 0 -or -not (Test-Path -LiteralPath $executable)) {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
        throw "dotnet tool install failed (exit $exit):`n$($output | Out-String)"
    }
    [pscustomobject]@{
        Package    = $package[0].Name
        Executable = $executable
        # The folder holding the nupkg: a local source for `dotnet tool install --add-source`.
        Feed       = $feed
        WorkFolder = $work
        Seconds    = [math]::Round($started.Elapsed.TotalSeconds, 1)
    }
}

Export-ModuleMember -Function Test-ModulePackage, Install-SandboxTool
