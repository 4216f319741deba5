# Issue #17: docs/testing-your-scripts.md works as written. Every ```powershell block of the guide runs, in order:
#   - `dotnet tool install ...` and `merchant-sandbox --help` run in a fresh pwsh whose global tools and package cache
#     live in a temporary folder, from a folder holding a nuget.config that names only ./packages, where the test put
#     the freshly packed MerchantApi.Sandbox.<version>.nupkg; so both install lines install the packed tool. Before each
#     install line the test uninstalls the tool the previous one installed.
#   - A block that is one `merchant-sandbox ...` line starts the installed tool in the background, as the guide's
#     "second terminal", with `--urls http://127.0.0.1:0` added (5080 may be taken); the blocks after it, up to the next
#     such line, run in one fresh pwsh, with the guide's http://127.0.0.1:5080 replaced by the address it printed.
#     `Import-Module MerchantApi` imports the module under test (its folder is first in PSModulePath).
# A block fails its segment when it raises an error or a native command in it exits non-zero.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'ModulePackage.psm1') -Force
    $script:Root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
    $script:Pwsh = Join-Path $PSHOME 'pwsh'
    $script:GuideUrl = 'http://127.0.0.1:5080'
    $version = (Import-PowerShellDataFile $env:MERCHANTAPI_TEST_MODULE).ModuleVersion

    # The guide's powershell blocks, in order.
    $lines = Get-Content -LiteralPath (Join-Path $Root 'docs' 'testing-your-scripts.md')
    $script:Blocks = [System.Collections.Generic.List[string[]]]::new()
    $block = $null
    foreach ($line in $lines) {
        if ($null -eq $block -and $line -eq '```powershell') { $block = [System.Collections.Generic.List[string]]::new(); continue }
        if ($null -ne $block -and $line -eq '```') { $script:Blocks.Add($block.ToArray()); $block = $null; continue }
        if ($null -ne $block) { $block.Add($line) }
    }
    $isServer = { param([string[]] $Block) $Block.Count -eq 1 -and $Block[0] -match '^merchant-sandbox(\s|$)' -and $Block[0] -notmatch '--help' }
    # Segments: the blocks before the first sandbox, then each sandbox with the blocks up to the next one.
    $script:Segments = [System.Collections.Generic.List[object]]::new()
    $current = [pscustomobject]@{ Server = $null; Blocks = [System.Collections.Generic.List[string[]]]::new() }
    foreach ($b in $Blocks) {
        if (& $isServer $b) {
            $Segments.Add($current)
            $current = [pscustomobject]@{ Server = $b[0]; Blocks = [System.Collections.Generic.List[string[]]]::new() }
        }
        else { $current.Blocks.Add($b) }
    }
    $Segments.Add($current)

    # The packed tool in ./packages of a folder of our own, with a nuget.config that names only that source.
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('merchant-guide-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path (Join-Path $Work 'packages'), (Join-Path $Work 'home'), (Join-Path $Work 'run') -Force
    $script:Tool = Install-SandboxTool -ProjectPath (Join-Path $Root 'src' 'MerchantApi.Sandbox' 'MerchantApi.Sandbox.csproj') -Version $version -NoBuild
    Copy-Item (Join-Path $Tool.Feed '*.nupkg') (Join-Path $Work 'packages')
    @'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="packages" />
  </packageSources>
</configuration>
'@ | Set-Content -LiteralPath (Join-Path $Work 'nuget.config')
    $script:ToolsFolder = Join-Path $Work 'home' '.dotnet' 'tools'

    $script:Saved = @{}
    $environment = @{
        DOTNET_CLI_HOME = Join-Path $Work 'home'; NUGET_PACKAGES = Join-Path $Work 'nuget-packages'
        PATH = $ToolsFolder + [System.IO.Path]::PathSeparator + $env:PATH
        PSModulePath = (Split-Path (Split-Path $env:MERCHANTAPI_TEST_MODULE)) + [System.IO.Path]::PathSeparator + $env:PSModulePath
    }
    foreach ($key in $environment.Keys) { $Saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $environment[$key]) }

    function Invoke-GuideBlocks([string[][]] $Blocks, [string] $Url, [string] $Name) {
        # Runs the blocks in one fresh pwsh in the work folder; throws with what it printed when one of them fails.
        $body = [System.Collections.Generic.List[string]]::new()
        $body.Add('Get-ChildItem env:MERCHANTAPI_* | Remove-Item # a fresh session: none of the test run''s settings')
        $body.Add('$ErrorActionPreference = ''Stop''')
        $body.Add('$PSStyle.OutputRendering = ''PlainText''')
        $index = 0
        foreach ($block in $Blocks) {
            $index++
            if ($block[0] -match '^dotnet tool install ') { $body.Add('& dotnet tool uninstall --global MerchantApi.Sandbox *> $null') }
            $body.Add('$global:LASTEXITCODE = 0')
            foreach ($line in $block) { $body.Add($(if ($Url) { $line.Replace($script:GuideUrl, $Url) } else { $line })) }
            $body.Add("if (`$LASTEXITCODE) { throw 'Block $index of segment $Name exited with ' + `$LASTEXITCODE }")
            $body.Add("'GUIDE BLOCK $index OK'")
        }
        $body.Add('if ($Error.Count) { throw "Errors: $($Error -join ''; '')" }')
        $body.Add("'GUIDE SEGMENT OK'")
        $script = Join-Path $Work "$Name.ps1"
        $body | Set-Content -LiteralPath $script
        $console = Join-Path $Work "$Name.console.txt"
        $process = Start-Process -FilePath $script:Pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', $script -WorkingDirectory $Work `
            -RedirectStandardOutput $console -RedirectStandardError "$console.err" -PassThru
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw "Segment $Name did not finish within 120 s." }
        $text = Get-Content -LiteralPath $console -Raw -ErrorAction SilentlyContinue
        if ($process.ExitCode -ne 0 -or $text -notmatch 'GUIDE SEGMENT OK') {
            $message = "Segment $Name failed (exit $($process.ExitCode)):`n$text`n$(Get-Content -LiteralPath "$console.err" -Raw -ErrorAction SilentlyContinue)"
            throw ($message -replace '\x1B\[[0-9;]*[A-Za-z]' -replace '[\x00-\x08\x0B\x0C\x0E-\x1F]', '')
        }
        $text
    }

    function Start-GuideSandbox([string] $CommandLine, [string] $Name) {
        # The guide's `merchant-sandbox ...` line, in the background, on a free port; returns the process and its URL.
        $words = @($CommandLine -split '\s+' | Where-Object { $_ })
        $executable = Join-Path $script:ToolsFolder ($IsWindows ? 'merchant-sandbox.exe' : 'merchant-sandbox')
        if (-not (Test-Path -LiteralPath $executable)) { throw "merchant-sandbox is not installed in '$script:ToolsFolder': the guide's install blocks did not install it." }
        $arguments = @($words | Select-Object -Skip 1) + @('--urls', 'http://127.0.0.1:0')
        $stdout = Join-Path $Work "$Name.sandbox.txt"
        $process = Start-Process -FilePath $executable -ArgumentList $arguments -PassThru -RedirectStandardOutput $stdout -RedirectStandardError "$stdout.err"
        $deadline = [datetime]::UtcNow.AddSeconds(30)
        while ($true) {
            $first = Get-Content -LiteralPath $stdout -TotalCount 1 -ErrorAction SilentlyContinue
            if ($first -match '^SANDBOX_LISTENING (\S+)') { break }
            if ($process.HasExited) { throw "'$CommandLine' exited with $($process.ExitCode): $(Get-Content "$stdout.err" -Raw -ErrorAction SilentlyContinue)" }
            if ([datetime]::UtcNow -gt $deadline) { $process.Kill($true); throw "'$CommandLine' did not listen within 30 s." }
            Start-Sleep -Milliseconds 50
        }
        Start-Sleep -Milliseconds 200 # the banner follows the line
        [pscustomobject]@{ Process = $process; Url = $Matches[1]; Banner = Get-Content -LiteralPath $stdout -Raw }
    }

    function Stop-GuideSandbox($Sandbox) {
        if (-not $Sandbox.Process.HasExited) {
            try { $null = Invoke-RestMethod -Method Post -Uri "$($Sandbox.Url)/__sandbox/shutdown" } catch { Write-Verbose "shutdown: $_" }
            if (-not $Sandbox.Process.WaitForExit(10000)) { $Sandbox.Process.Kill($true) }
        }
    }
}

AfterAll {
    foreach ($key in $script:Saved.Keys) { [Environment]::SetEnvironmentVariable($key, $script:Saved[$key]) }
    if ($script:Tool) { Remove-Item -LiteralPath $script:Tool.WorkFolder -Recurse -Force -ErrorAction SilentlyContinue }
    if ($script:Work) { Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'docs/testing-your-scripts.md' -Tag Package {
    It 'has install blocks, sandboxes started with seeding and faults, and blocks that use them' {
        $Segments[0].Blocks.Count | Should -BeGreaterOrEqual 3
        ($Segments | Where-Object Server).Count | Should -BeGreaterOrEqual 3
        ($Blocks | ForEach-Object { $_ }) -join "`n" | Should -Match '--add-source'
        ($Segments.Server -join ' ') | Should -Match '--customers'
        ($Segments.Server -join ' ') | Should -Match '--failure-rate'
        ($Segments.Server -join ' ') | Should -Match '--rate-limit'
        ($Blocks | ForEach-Object { $_ }) -join "`n" | Should -Match '/__sandbox/stats'
        ($Blocks | ForEach-Object { $_ }) -join "`n" | Should -Match '/__sandbox/reset'
    }

    It 'runs every block as written, in order' {
        $output = Invoke-GuideBlocks $Segments[0].Blocks.ToArray() $null 'install'
        $output | Should -Match 'merchant-sandbox \[options\]'
        $run = 0
        $outputs = @()
        foreach ($segment in @($Segments | Select-Object -Skip 1)) {
            $run++
            $sandbox = Start-GuideSandbox $segment.Server "sandbox$run"
            try {
                $sandbox.Banner | Should -Match ([regex]::Escape("Connect-MerchantApi -BaseUri $($sandbox.Url) "))
                $outputs += Invoke-GuideBlocks $segment.Blocks.ToArray() $sandbox.Url "segment$run"
            }
            finally { Stop-GuideSandbox $sandbox }
        }
        $run | Should -Be @($Segments | Where-Object Server).Count
        # The two merchants' block: the seeded customers are the first merchant's only.
        ($outputs -join "`n") | Should -Match 'first merchant: 5 customers; second merchant: 0'
    }
}
