# Issue #13, point 10: the README's quick start works as written, and `build.ps1 -Task Sandbox` prints lines that
# connect a pwsh to the sandbox it runs.
#
# One sandbox serves every test: the Sandbox task itself, started as a process from the repository root as
#     ./build.ps1 -Task Sandbox -NoBuild -SandboxUrl http://127.0.0.1:0
# i.e. the README's first quick-start block plus two switches: -NoBuild, because the Test task has just built (a build
# here would take a minute), and a free port, because the task's default address (http://127.0.0.1:5080) may be taken.
# The only substitution in what the README says to paste: the task's default URL is replaced by the URL the task
# printed. The pasted lines run in a fresh pwsh (no MERCHANTAPI_* variables) started in the repository root, so they
# import ./out/MerchantApi, the module the Test task has just built.
BeforeAll {
    $script:Root = [System.IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
    $script:Pwsh = Join-Path $PSHOME 'pwsh' # under `dotnet pwsh` the process path is dotnet, not pwsh
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('merchant-quickstart-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $Work

    # The task's default -SandboxUrl, from build.ps1's param block.
    $build = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $Root 'build.ps1'), [ref]$null, [ref]$null)
    $script:DefaultUrl = ($build.ParamBlock.Parameters | Where-Object { $_.Name.VariablePath.UserPath -eq 'SandboxUrl' }).DefaultValue.SafeGetValue()

    # The README's quick start: its section (up to the next "## " heading) and the powershell blocks in it.
    $readme = Get-Content -LiteralPath (Join-Path $Root 'README.md')
    $script:Headings = @($readme | Where-Object { $_ -match '^## ' })
    $script:FirstScreen = @($readme | Select-Object -First ([array]::IndexOf($readme, ($Headings + '')[0])))
    $script:Blocks = @()
    $start = [array]::IndexOf($readme, '## Quick start with the sandbox')
    if ($start -ge 0) {
        $block = $null
        foreach ($line in $readme[($start + 1)..($readme.Count - 1)]) {
            if ($null -eq $block -and $line -match '^## ') { break }
            if ($null -eq $block -and $line -eq '```powershell') { $block = [System.Collections.Generic.List[string]]::new(); continue }
            if ($null -ne $block -and $line -eq '```') { $script:Blocks += , $block.ToArray(); $block = $null; continue }
            if ($null -ne $block) { $block.Add($line) }
        }
    }

    function Invoke-Pasted([string[]] $Lines, [string] $Name) {
        # Runs $Lines as pasted into a fresh pwsh started in the repository root. Returns what they output (type,
        # email, id), the errors they raised and the session they left (Get-MerchantContext), read back from JSON.
        $result = Join-Path $Work "$Name.json"
        $script = Join-Path $Work "$Name.ps1"
        @(
            'Get-ChildItem env:MERCHANTAPI_* | Remove-Item # a fresh session: none of the test run''s settings'
            "Set-Location -LiteralPath '$($Root.Replace("'", "''"))'"
            '$Error.Clear()'
            '$pasted = @(. {'
            $Lines
            '})'
            '$errors = @($Error | ForEach-Object { "$_" })'
            '$context = Get-MerchantContext -ErrorAction SilentlyContinue | ForEach-Object { [pscustomobject]@{ BaseUri = "$($_.BaseUri)"; MerchantId = "$($_.MerchantId)"; Account = "$($_.Account)"; AuthKind = "$($_.AuthKind)" } }'
            '$output = @($pasted | ForEach-Object { [pscustomobject]@{ Type = $_.GetType().FullName; Email = $_.Email; Id = $_.Id } })'
            "[pscustomobject]@{ Output = `$output; Errors = `$errors; Context = `$context } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath '$($result.Replace("'", "''"))'"
        ) | Set-Content -LiteralPath $script
        $console = Join-Path $Work "$Name.console.txt"
        $process = Start-Process -FilePath $Pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-File', "$Name.ps1" -WorkingDirectory $Work `
            -RedirectStandardOutput $console -RedirectStandardError "$console.err" -PassThru
        if (-not $process.WaitForExit(60000)) { $process.Kill($true); throw "The pasted lines did not finish within 60 s." }
        if (-not (Test-Path -LiteralPath $result)) {
            throw "The pasted lines ended (exit $($process.ExitCode)) without a result: $(Get-Content -LiteralPath $console, "$console.err" -Raw -ErrorAction SilentlyContinue)"
        }
        Get-Content -LiteralPath $result -Raw | ConvertFrom-Json
    }

    function Invoke-SandboxControl([string] $Name) {
        (Invoke-RestMethod -Method Post -Uri "$TaskUrl/__sandbox/$Name" -Body '{}' -ContentType 'application/json' -TimeoutSec 10).data
    }

    function Stop-TaskSandbox {
        # Records the tokens this sandbox issued for the leak check (its password and API key are the published seed
        # values, printed by design), asks it to shut down, and returns the task's exit code (null if it had to be killed).
        if ($Task.HasExited) { return $Task.ExitCode }
        if ($TaskUrl) {
            if ($env:MERCHANTAPI_SECRETS_LOG) {
                try { @(Invoke-SandboxControl 'issued-secrets') | Where-Object { $_ } | Add-Content -LiteralPath $env:MERCHANTAPI_SECRETS_LOG }
                catch { Write-Warning "Could not record the sandbox's issued tokens: $_" }
            }
            try { $null = Invoke-SandboxControl 'shutdown' } catch { Write-Verbose "Shutdown request failed: $_" }
        }
        if ($Task.WaitForExit(15000)) { return $Task.ExitCode }
        $Task.Kill($true)
        $null = $Task.WaitForExit(5000)
        $null
    }

    # Start the Sandbox task and read its output until the Connect-MerchantApi line.
    $script:Stdout = Join-Path $Work 'task.stdout.txt'
    $script:TaskLines = @()
    $script:TaskUrl = $null
    $script:TaskError = $null
    $script:Task = Start-Process -FilePath $Pwsh -WorkingDirectory $Root -PassThru `
        -ArgumentList '-NoProfile', '-NonInteractive', '-File', './build.ps1', '-Task', 'Sandbox', '-NoBuild', '-SandboxUrl', 'http://127.0.0.1:0' `
        -RedirectStandardOutput $Stdout -RedirectStandardError (Join-Path $Work 'task.stderr.txt')
    $deadline = [datetime]::UtcNow.AddSeconds(60)
    while ($true) {
        $script:TaskLines = @(Get-Content -LiteralPath $Stdout -ErrorAction SilentlyContinue)
        if ($TaskLines -match '^\s*Connect-MerchantApi ') { break }
        if ($Task.HasExited -or [datetime]::UtcNow -gt $deadline) {
            $script:TaskError = "The Sandbox task printed no Connect-MerchantApi line " +
                $(if ($Task.HasExited) { "and exited with code $($Task.ExitCode)" } else { 'within 60 s' }) +
                ". stdout: $($TaskLines -join "`n") stderr: $(Get-Content -LiteralPath (Join-Path $Work 'task.stderr.txt') -Raw -ErrorAction SilentlyContinue)"
            break
        }
        Start-Sleep -Milliseconds 100
    }
    if (($TaskLines -join "`n") -match '(?m)^Sandbox at (\S+)') { $script:TaskUrl = $Matches[1] }
    # The lines to paste: from the Import-Module line to the Connect-MerchantApi line, without the indentation.
    $trimmed = @($TaskLines | ForEach-Object { $_.Trim() })
    $first = [array]::IndexOf($trimmed, ($trimmed -like 'Import-Module *' | Select-Object -First 1))
    $last = [array]::IndexOf($trimmed, ($trimmed -like 'Connect-MerchantApi *' | Select-Object -First 1))
    $script:ConnectLines = if ($first -ge 0 -and $last -ge $first) { @($trimmed[$first..$last]) } else { @() }
}

AfterAll {
    if ($Task) { $null = Stop-TaskSandbox }
    Remove-Item -LiteralPath $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'build.ps1 -Task Sandbox' {
    It 'prints the URL it listens on and lines that import the module, build the credential and connect' {
        $TaskError | Should -BeNullOrEmpty
        $TaskUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $TaskUrl | Should -Not -Be 'http://127.0.0.1:0' -Because 'the task prints the port it got, not the one asked for'
        $ConnectLines | Should -HaveCount 3
        $ConnectLines[0] | Should -Be 'Import-Module ./out/MerchantApi/MerchantApi.psd1'
        $ConnectLines[1] | Should -BeLike '$cred = `[pscredential`]::new(*'
        $ConnectLines[2] | Should -BeLike "Connect-MerchantApi -BaseUri $TaskUrl -MerchantId * -Credential `$cred"
    }

    It 'prints lines that connect a fresh pwsh to it' {
        $TaskError | Should -BeNullOrEmpty
        $run = Invoke-Pasted $ConnectLines 'task-lines'
        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -BeNullOrEmpty
        $run.Context.BaseUri.TrimEnd('/') | Should -Be $TaskUrl
        $run.Context.AuthKind | Should -Be 'Credential'
        $run.Context.Account | Should -Be 'owner@sandbox.test'
        ($TaskLines -join "`n") | Should -Match "(?m)^\s+merchant id : $($run.Context.MerchantId)$"
    }
}

Describe 'The README''s quick start' {
    It 'comes right after the first screen, which keeps the Demo and Test commands' {
        $Headings[0] | Should -Be '## Quick start with the sandbox'
        $FirstScreen | Should -Contain 'dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo'
        $FirstScreen | Should -Contain 'dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test'
    }

    It 'starts the sandbox with the Sandbox task, then pastes what the task prints for its default URL' {
        $Blocks | Should -HaveCount 2
        $Blocks[0] | Should -Be @('dotnet tool restore && dotnet pwsh ./build.ps1 -Task Sandbox')
        $DefaultUrl | Should -Be 'http://127.0.0.1:5080'
        $TaskError | Should -BeNullOrEmpty
        # One truth: the lines the task prints (build.ps1's Get-SandboxConnectLine), at its default URL.
        $expected = @($ConnectLines | ForEach-Object { $_.Replace($TaskUrl, $DefaultUrl) })
        $Blocks[1][0..($expected.Count - 1)] | Should -Be $expected
        ($Blocks[1] -join "`n") | Should -Match ([regex]::Escape("-BaseUri $DefaultUrl "))
    }

    It 'creates the customers of samples/customers.csv when pasted as written' {
        $TaskError | Should -BeNullOrEmpty
        $Blocks | Should -HaveCount 2
        $before = (Invoke-SandboxControl 'stats').customers
        $run = Invoke-Pasted @($Blocks[1] | ForEach-Object { $_.Replace($DefaultUrl, $TaskUrl) }) 'readme'
        $run.Errors | Should -BeNullOrEmpty
        $emails = @(Import-Csv (Join-Path $Root 'samples/customers.csv')).Email
        $emails.Count | Should -BeGreaterThan 10
        @($run.Output.Email) | Should -Be $emails
        @($run.Output.Type | Sort-Object -Unique) | Should -Be 'MerchantApi.Customer'
        @($run.Output.Id | Where-Object { $_ } | Sort-Object -Unique) | Should -HaveCount $emails.Count
        (Invoke-SandboxControl 'stats').customers | Should -Be ($before + $emails.Count)
    }
}

Describe 'Stopping the Sandbox task' {
    It 'ends with exit code 0 when its sandbox shuts down' {
        $TaskError | Should -BeNullOrEmpty
        Stop-TaskSandbox | Should -Be 0
    }
}
