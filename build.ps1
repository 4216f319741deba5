<#
.SYNOPSIS
    Builds, tests and demonstrates MerchantApi. Run with `dotnet pwsh ./build.ps1 -Task <task>`.
.DESCRIPTION
    Build    clean, then lay out the Gallery-ready module at out/MerchantApi and the sandbox at out/sandbox
    Test     Build, then the code-style check (.editorconfig, `dotnet format --verify-no-changes`; counted as one
             test) and every xUnit and Pester test; the last line is "N passed, N failed"
    Demo     Build, start the sandbox, onboard samples/customers.csv, print the customers, stop the sandbox
    Sandbox  Build, then run the sandbox in the foreground; once it listens, print its URL, its credentials and the
             lines that connect a pwsh to it (-SandboxUrl sets the address, port 0 = a free one; -NoBuild runs the
             sandbox already built)
    Bench    Build, then every benchmark (several runs, medians) into docs/performance.md; -Smoke for a tiny run,
             -Benchmark P5,P6 (say) for some of them
    Package  Build, then pack the sandbox as a .NET tool (MerchantApi.Sandbox.<version>.nupkg) and install it from a
             local folder into a temporary tool path; publish out/MerchantApi to a temporary local PSResourceGet
             repository, install it into a clean scope, import it by name and smoke-test it against the installed
             merchant-sandbox (the Test task does the same through the Pester tests tagged Package)
    Clean    remove out/ and the projects' bin/obj folders
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Sandbox', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',
    # Pester tags to leave out (e.g. Slow) when iterating locally; CI runs everything.
    [string[]] $ExcludeTag = @(),
    [string] $SandboxUrl = 'http://127.0.0.1:5080',
    # Sandbox only: run the sandbox already in out/ instead of building first.
    [switch] $NoBuild,
    # Bench only: a tiny run that proves the benchmarks still work (CI); its figures mean nothing.
    [switch] $Smoke,
    # Bench only: run these benchmarks alone (P1 with P1b, P2 … P6); the report keeps the other rows from before.
    [ValidateSet('P1', 'P2', 'P3', 'P4', 'P5', 'P6')] [string[]] $Benchmark
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'MerchantApi'
$SandboxOut = Join-Path $Out 'sandbox'
$ResultsOut = Join-Path $Out 'test-results'
$Pwsh = Join-Path $PSHOME 'pwsh' # under `dotnet pwsh` the process path is dotnet, not pwsh

function Invoke-Native {
    # Runs a native command and stops the build when it fails. A simple function on purpose: an advanced one
    # would take arguments such as -v:minimal as its own -Verbose.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Clean {
    Remove-Item -LiteralPath $Out -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'bench') -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

function Invoke-Build {
    # A clean output folder every time: publishing over an old one can leave a mix of dependency versions.
    Remove-Item -LiteralPath $Out -Recurse -Force -ErrorAction SilentlyContinue
    Invoke-Native dotnet build (Join-Path $Root 'MerchantApi.sln') -c Release --nologo --verbosity minimal

    $stage = Join-Path $Out 'stage'
    Invoke-Native dotnet publish (Join-Path $Root 'src/MerchantApi/MerchantApi.csproj') -c Release --no-build --nologo --verbosity quiet -o $stage
    Invoke-Native dotnet publish (Join-Path $Root 'src/MerchantApi.Sandbox/MerchantApi.Sandbox.csproj') -c Release --no-build --nologo --verbosity quiet -o $SandboxOut

    # Module layout: the cmdlet assembly at the top (default load context); the engine and its third-party
    # dependencies in deps/, loaded into the module's private load context.
    $deps = Join-Path $ModuleOut 'deps'
    $null = New-Item -ItemType Directory -Path $deps -Force
    $defaultContext = 'MerchantApi.dll', 'MerchantApi.Model.dll'
    Copy-Item ($defaultContext + 'MerchantApi.Format.ps1xml' + 'MerchantApi.Types.ps1xml' | ForEach-Object { Join-Path $stage $_ }) $ModuleOut
    Get-ChildItem $stage -Filter *.dll | Where-Object Name -notin $defaultContext | Copy-Item -Destination $deps
    $version = (& dotnet msbuild (Join-Path $Root 'src/MerchantApi/MerchantApi.csproj') -getProperty:Version).Trim()
    (Get-Content (Join-Path $Root 'MerchantApi.psd1') -Raw) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$version'" |
        Set-Content (Join-Path $ModuleOut 'MerchantApi.psd1') -NoNewline
    Remove-Item -LiteralPath $stage -Recurse -Force
    # Help: docs/*.md (cmdlets and about topics) -> en-US/MerchantApi.dll-Help.xml and about_*.help.txt.
    Import-Module (Join-Path $Root '.config/build/HelpMarkdown.psm1') -Force
    $null = Export-HelpFile -DocsPath (Join-Path $Root 'docs') -OutputPath (Join-Path $ModuleOut 'en-US')
    Write-Host "Built MerchantApi $version -> $ModuleOut; sandbox -> $SandboxOut"
}

function Get-TrxCounts {
    param([string] $Folder)
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem $Folder -Filter *.trx -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -LiteralPath $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Files = @(Get-ChildItem $Folder -Filter *.trx -ErrorAction SilentlyContinue).Count }
}

function Test-CodeStyle {
    # The C# rules of .editorconfig (layout, code style, naming) over every project of the solution. Run after the
    # build, so every project is restored and the check needs no network. Returns whether the code follows them.
    $solution = Join-Path $Root 'MerchantApi.sln'
    & dotnet format $solution --verify-no-changes --severity warn --no-restore --verbosity quiet
    $formatExit = $LASTEXITCODE
    if ($formatExit -eq 0) { Write-Host 'Code style: the code follows .editorconfig.'; return $true }
    if ($formatExit -eq 2) {
        Write-Host ("Code style: the places listed above do not follow .editorconfig. Fix them with 'dotnet format MerchantApi.sln' " +
            'from the repository root (run it again if this check still fails: one fix can reveal another; naming, IDE1006, ' +
            'needs a rename by hand), then review and commit the changes.')
    }
    else { Write-Host "Code style: 'dotnet format --verify-no-changes' failed (exit $formatExit) before it could check the code; see its output above." }
    return $false
}

function Invoke-Test {
    Invoke-Build
    $null = New-Item -ItemType Directory -Path $ResultsOut -Force

    # Code style first, so that its verdict comes early; the tests run either way.
    $styleOk = Test-CodeStyle

    # xUnit: every test project of the solution, counted from the trx files.
    $xunitFolder = Join-Path $ResultsOut 'xunit'
    & dotnet test (Join-Path $Root 'MerchantApi.sln') -c Release --no-build --nologo --logger 'trx' --results-directory $xunitFolder
    $xunitExit = $LASTEXITCODE
    $xunit = Get-TrxCounts $xunitFolder
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1; Write-Host "dotnet test failed (exit $xunitExit) without failing tests in its reports." }
    Write-Host "xUnit: $($xunit.Passed) passed, $($xunit.Failed) failed ($($xunit.Files) test projects)"

    # Pester: in a child pwsh, because a binary module cannot be unloaded from the process that imported it.
    $pesterResult = Join-Path $ResultsOut 'pester.json'
    $pesterArguments = @('-ModulePath', (Join-Path $ModuleOut 'MerchantApi.psd1'), '-SummaryPath', $pesterResult)
    if ($ExcludeTag) { $pesterArguments += '-ExcludeTag', ($ExcludeTag -join ',') }
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-Pester.ps1') @pesterArguments
    $pesterExit = $LASTEXITCODE
    $pester = if (Test-Path $pesterResult) { Get-Content $pesterResult -Raw | ConvertFrom-Json } else { [pscustomobject]@{ Passed = 0; Failed = 1 } }
    if ($pesterExit -ne 0 -and $pester.Failed -eq 0) { $pester.Failed = 1; Write-Host "Pester failed (exit $pesterExit) without failing tests in its summary." }

    if (-not $styleOk) { Write-Host "Code style: failed (see above); fix with 'dotnet format MerchantApi.sln'." }
    $passed = $xunit.Passed + $pester.Passed + [int]$styleOk
    $failed = $xunit.Failed + $pester.Failed + [int](-not $styleOk)
    Write-Host "$passed passed, $failed failed"
    exit ([int]($failed -gt 0))
}

function Invoke-Demo {
    Invoke-Build
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'samples/Demo.ps1') -ModulePath (Join-Path $ModuleOut 'MerchantApi.psd1')
    exit $LASTEXITCODE
}

function Invoke-Bench {
    Invoke-Build
    $arguments = @('-ModulePath', (Join-Path $ModuleOut 'MerchantApi.psd1'),
        '-RawClientPath', (Join-Path $Root 'bench/RawClient/bin/Release/net10.0/RawClient.dll'))
    if ($Smoke) { $arguments += '-Smoke', '-OutputPath', (Join-Path $Out 'performance-smoke.md') }
    if ($Benchmark) { $arguments += '-Only', ($Benchmark -join ',') }
    & $Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Invoke-Benchmarks.ps1') @arguments
    exit $LASTEXITCODE
}

function Invoke-Package {
    Invoke-Build
    Import-Module (Join-Path $Root '.config/build/ModulePackage.psm1') -Force
    # The sandbox as a .NET tool, installed from a local folder source; the smoke test runs against that installed tool.
    $version = (& dotnet msbuild (Join-Path $Root 'src/MerchantApi/MerchantApi.csproj') -getProperty:Version).Trim()
    $tool = Install-SandboxTool -ProjectPath (Join-Path $Root 'src/MerchantApi.Sandbox/MerchantApi.Sandbox.csproj') -Version $version -NoBuild
    try {
        Write-Host "Package: $($tool.Package) packed and installed as a .NET tool in $($tool.Seconds) s"
        $result = Test-ModulePackage -ModuleFolder $ModuleOut -SandboxHelper (Join-Path $Root 'tests/MerchantSandbox.psm1') -SandboxPath $tool.Executable
        Write-Host "Package: $($result.Package) installed by name into a clean scope and smoke-tested against the installed merchant-sandbox in $($result.Seconds) s"
    }
    finally { Remove-Item -LiteralPath $tool.WorkFolder -Recurse -Force -ErrorAction SilentlyContinue }
}

function Get-SandboxConnectLine {
    # The lines that connect a pwsh started in the repository root to a running sandbox ($Sandbox: its ready file).
    # The Sandbox task prints them; the README's quick start shows them for the default URL (tests/QuickStart.Tests.ps1).
    param([Parameter(Mandatory)] $Sandbox)
    $quote = { param([string] $Value) "'" + $Value.Replace("'", "''") + "'" }
    $bare = { param([string] $Value) if ($Value -match '^\w[\w.:/-]*$') { $Value } else { & $quote $Value } }
    'Import-Module ./out/MerchantApi/MerchantApi.psd1'
    "`$cred = [pscredential]::new($(& $quote $Sandbox.email), (ConvertTo-SecureString $(& $quote $Sandbox.password) -AsPlainText -Force))"
    "Connect-MerchantApi -BaseUri $(& $bare $Sandbox.url) -MerchantId $(& $bare $Sandbox.merchantId) -Credential `$cred"
}

function Invoke-Sandbox {
    if (-not $NoBuild) { Invoke-Build }
    $dll = Join-Path $SandboxOut 'MerchantApi.Sandbox.dll'
    if (-not (Test-Path $dll)) { throw "The sandbox is not built ('$dll' is missing): run without -NoBuild." }
    # The sandbox writes the URL it really listens on (port 0 = a free one) and its credentials to the ready file,
    # then prints SANDBOX_LISTENING on stdout: the moment to print them.
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('merchant-sandbox-task-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    $ready = Join-Path $work 'ready.json'
    try {
        & dotnet $dll --urls $SandboxUrl --ready-file $ready --quiet | ForEach-Object {
            if ($_ -notmatch '^SANDBOX_LISTENING ') { Write-Host $_; return }
            $sandbox = Get-Content -LiteralPath $ready -Raw | ConvertFrom-Json
            Remove-Item -LiteralPath $work -Recurse -Force # now, as a SIGTERM would skip the finally block
            Write-Host "Sandbox at $($sandbox.url) (Ctrl+C stops it)"
            Write-Host "  merchant id : $($sandbox.merchantId)"
            Write-Host "  email       : $($sandbox.email)"
            Write-Host "  password    : $($sandbox.password)"
            Write-Host "  API key     : $($sandbox.apiKey)"
            Write-Host '  options     : dotnet out/sandbox/MerchantApi.Sandbox.dll --help'
            Write-Host 'Connect to it from a pwsh started in the repository root (dotnet pwsh):'
            Get-SandboxConnectLine $sandbox | ForEach-Object { Write-Host "  $_" }
        }
        $exitCode = $LASTEXITCODE
    }
    finally {
        Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
    }
    exit $exitCode
}

switch ($Task) {
    'Clean' { Invoke-Clean }
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Sandbox' { Invoke-Sandbox }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
}
