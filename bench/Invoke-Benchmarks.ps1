<#
.SYNOPSIS
    Runs every benchmark against the sandbox, several runs each, and writes the medians, ratios and goals to a
    markdown report (docs/performance.md by default). -Smoke runs a tiny version so CI keeps it working; its
    figures mean nothing.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $RawClientPath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '..' 'docs' 'performance.md'),
    [switch] $Smoke,
    [int] $Runs = 5
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'MerchantSandbox.psm1') -Force

$rows = if ($Smoke) { 40 } else { 10000 }
$loopRows = if ($Smoke) { 20 } else { 1000 }   # the sequential loop is slow; its rate is measured on fewer rows
$bigRows = if ($Smoke) { 400 } else { 100000 }
$importRuns = if ($Smoke) { 2 } else { 10 }
if ($Smoke) { $Runs = 1 }
$latencyMs = 25
$throttle = 16
$pwsh = Join-Path $PSHOME 'pwsh'
$work = Join-Path ([IO.Path]::GetTempPath()) ("merchant-bench-" + [guid]::NewGuid().ToString('n'))
$null = New-Item -ItemType Directory $work

function New-CustomerCsv([int] $Count, [string] $Path, [string] $Prefix = 'bench') {
    # Streamed to disk: the 100,000-row file is never held in memory here.
    $writer = [IO.StreamWriter]::new($Path)
    try {
        $writer.WriteLine('email,phoneNumber,firstName,lastName,comment,externalId,country,verificationDocumentId,residenceAddress,itn') # the API's own names, so the hand-written alternatives can send rows as they are
        for ($i = 1; $i -le $Count; $i++) {
            $writer.WriteLine("$Prefix$i@example.com,+3361234$('{0:d4}' -f ($i % 10000)),Bench,Customer$i,Benchmark row,EXT-$i,FR,DOC$i,$i Rue de Rivoli Paris,ITN-$i")
        }
    }
    finally { $writer.Dispose() }
}

function Invoke-Scenario([hashtable] $Arguments) {
    $all = @{ ModulePath = $ModulePath }
    foreach ($pair in $Arguments.GetEnumerator()) { $all[$pair.Key] = $pair.Value }
    $list = foreach ($pair in $all.GetEnumerator()) { "-$($pair.Key)"; "$($pair.Value)" }
    $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-Scenario.ps1') @list
    if ($LASTEXITCODE -ne 0) { throw "Scenario $($Arguments.Scenario) failed: $output" }
    $output | Select-Object -Last 1 | ConvertFrom-Json
}

function Invoke-RawClient($Sandbox, [string] $Csv) {
    $line = & dotnet $RawClientPath "$($Sandbox.Uri.ToString().TrimEnd('/'))/" $Sandbox.MerchantId $Sandbox.Email $Sandbox.Password $Csv $throttle
    if ($LASTEXITCODE -ne 0) { throw "Raw client failed: $line" }
    $line | Select-Object -Last 1 | ConvertFrom-Json
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Get-CpuMsPerRow($Pass) { 1000 * $Pass.cpuSeconds / $Pass.rows }

$csv = Join-Path $work 'rows.csv'; New-CustomerCsv $rows $csv
# P2's passes in one process: the first file, then more of the same size with other emails.
$passes = if ($Smoke) { 2 } else { 5 }
$passFiles = @($csv) + (2..$passes | ForEach-Object { $file = Join-Path $work "pass$_.csv"; New-CustomerCsv $rows $file "pass$_-"; $file })
$loopCsv = Join-Path $work 'loop.csv'; New-CustomerCsv $loopRows $loopCsv
$bigCsv = Join-Path $work 'big.csv'; New-CustomerCsv $bigRows $bigCsv
$emptyModule = Join-Path $work 'Empty' 'Empty.psd1'
$null = New-Item -ItemType Directory (Split-Path $emptyModule)
"@{ ModuleVersion = '1.0'; FunctionsToExport = @(); CmdletsToExport = @() }" | Set-Content $emptyModule
$results = [ordered]@{}

$sandbox = Start-MerchantSandbox -Latency $latencyMs
try {
    $connection = @{ BaseUri = $sandbox.Uri.ToString().TrimEnd('/'); MerchantId = $sandbox.MerchantId; Email = $sandbox.Email; Password = $sandbox.Password }
    Write-Host "P1/P1b: $rows rows, latency $latencyMs ms, throttle $throttle"
    # The sandbox's own JIT warm-up is not what any run should pay for.
    $null = Invoke-RawClient $sandbox $csv
    $module = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-Scenario (@{ Scenario = 'Module'; Csv = $csv } + $connection) }
    $raw = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-RawClient $sandbox $csv }
    $parallel = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-Scenario (@{ Scenario = 'RestParallel'; Csv = $csv } + $connection) }
    Reset-MerchantSandbox $sandbox
    $loop = Invoke-Scenario (@{ Scenario = 'RestLoop'; Csv = $loopCsv } + $connection)
    $results.P1 = Get-Median $module.rowsPerSecond
    $results.P1Raw = Get-Median ($raw | ForEach-Object { $_.rows / $_.seconds })
    $results.P1bParallel = Get-Median $parallel.rowsPerSecond
    $results.P1bLoop = $loop.rowsPerSecond
}
finally { Stop-MerchantSandbox $sandbox }

$sandbox = Start-MerchantSandbox
try {
    $connection = @{ BaseUri = $sandbox.Uri.ToString().TrimEnd('/'); MerchantId = $sandbox.MerchantId; Email = $sandbox.Email; Password = $sandbox.Password }
    Write-Host "P2: $rows rows, no added latency; then $passes passes of $rows in one process; then without tiered PGO"
    $null = Invoke-RawClient $sandbox $csv
    $allPasses = $passFiles -join ','
    $module = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-Scenario (@{ Scenario = 'Module'; Csv = $allPasses } + $connection) }
    $raw = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-RawClient $sandbox $allPasses }
    $results.P2ModuleCpuMsPerRow = Get-Median ($module | ForEach-Object { Get-CpuMsPerRow $_.passes[0] })
    $results.P2RawCpuMsPerRow = Get-Median ($raw | ForEach-Object { Get-CpuMsPerRow $_.passes[0] })
    $results.P2ModuleWarmCpuMsPerRow = Get-Median ($module | ForEach-Object { Get-CpuMsPerRow $_.passes[-1] })
    $results.P2RawWarmCpuMsPerRow = Get-Median ($raw | ForEach-Object { Get-CpuMsPerRow $_.passes[-1] })
    $results.P2ModuleRowsPerSecond = Get-Median ($module | ForEach-Object { $_.passes[0].rows / $_.passes[0].seconds })
    $results.P2RawRowsPerSecond = Get-Median ($raw | ForEach-Object { $_.passes[0].rows / $_.passes[0].seconds })
    # Diagnosis: the same fresh-process runs with the runtime's profile-guided JIT off, which is what a fresh
    # process spends its extra CPU on while the code warms up (docs/performance.md, Notes).
    $env:DOTNET_TieredPGO = '0'
    try {
        $module = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-Scenario (@{ Scenario = 'Module'; Csv = $csv } + $connection) }
        $raw = foreach ($run in 1..$Runs) { Reset-MerchantSandbox $sandbox; Invoke-RawClient $sandbox $csv }
    }
    finally { Remove-Item Env:DOTNET_TieredPGO }
    $results.P2ModuleNoPgoCpuMsPerRow = Get-Median ($module | ForEach-Object { Get-CpuMsPerRow $_ })
    $results.P2RawNoPgoCpuMsPerRow = Get-Median ($raw | ForEach-Object { Get-CpuMsPerRow $_ })

    Write-Host "P4: peak working set, $rows vs $bigRows rows"
    Reset-MerchantSandbox $sandbox
    $results.P4SmallMB = (Invoke-Scenario (@{ Scenario = 'Module'; Csv = $csv } + $connection)).peakWorkingSetMB
    Reset-MerchantSandbox $sandbox
    $results.P4BigMB = (Invoke-Scenario (@{ Scenario = 'Module'; Csv = $bigCsv } + $connection)).peakWorkingSetMB

    Write-Host "P3: Import-Module, sign-in and first call, $importRuns fresh processes each"
    $imports = foreach ($run in 1..$importRuns) { Invoke-Scenario (@{ Scenario = 'Import' } + $connection) }
    $results.P3ImportMs = Get-Median $imports.importMs
    $results.P3ConnectMs = Get-Median $imports.connectMs
    $results.P3FirstCallMs = Get-Median $imports.firstCallMs
    $results.P3SecondImportMs = Get-Median (1..$importRuns | ForEach-Object { (Invoke-Scenario @{ Scenario = 'ImportOnly'; ImportFirst = $emptyModule }).importMs })
    # PowerShell's own price for the first Import-Module of a process, paid by any module: an empty manifest.
    $results.P3EmptyImportMs = Get-Median (1..$importRuns | ForEach-Object { (Invoke-Scenario @{ Scenario = 'ImportOnly'; ModulePath = $emptyModule }).importMs })
}
finally { Stop-MerchantSandbox $sandbox }
Remove-Item $work -Recurse -Force

$limit = $throttle * 1000 / $latencyMs
$p2Ratio = $results.P2ModuleCpuMsPerRow / $results.P2RawCpuMsPerRow
$p2WarmRatio = $results.P2ModuleWarmCpuMsPerRow / $results.P2RawWarmCpuMsPerRow
$table = @(
    [pscustomobject]@{ Id = 'P1'; What = "bulk create, $rows rows, ${latencyMs} ms latency, -ThrottleLimit $throttle"; Figure = '{0:0} rows/s = {1:0.00} of the {2:0} rows/s limit (raw HttpClient program, same sandbox: {3:0} rows/s = {4:0.00})' -f $results.P1, ($results.P1 / $limit), $limit, $results.P1Raw, ($results.P1Raw / $limit); Goal = '>= 0.90 of the limit'; Pass = ($results.P1 / $limit) -ge 0.9 }
    [pscustomobject]@{ Id = 'P1b'; What = 'vs ForEach-Object -Parallel 16 { Invoke-RestMethod }'; Figure = '{0:0} rows/s; module is {1:0.0}x (the limit is {2:0.0}x this)' -f $results.P1bParallel, ($results.P1 / $results.P1bParallel), ($limit / $results.P1bParallel); Goal = '>= 3x'; Pass = ($results.P1 / $results.P1bParallel) -ge 3 }
    [pscustomobject]@{ Id = 'P1b'; What = "vs ForEach-Object { Invoke-RestMethod } ($loopRows rows)"; Figure = '{0:0} rows/s; module is {1:0.0}x' -f $results.P1bLoop, ($results.P1 / $results.P1bLoop); Goal = '(reference)'; Pass = $true }
    [pscustomobject]@{ Id = 'P2'; What = "client CPU per row, $rows rows, no latency, fresh process"; Figure = '{0:0.000} ms/row vs raw HttpClient {1:0.000} ms/row = {2:0.00}x; {3:0} vs {4:0} rows/s' -f $results.P2ModuleCpuMsPerRow, $results.P2RawCpuMsPerRow, $p2Ratio, $results.P2ModuleRowsPerSecond, $results.P2RawRowsPerSecond; Goal = '<= 1.5x'; Pass = $p2Ratio -le 1.5 }
    [pscustomobject]@{ Id = 'P2'; What = "the same, pass $passes of $passes in one process ($($rows * ($passes - 1)) rows before it)"; Figure = '{0:0.000} ms/row vs raw HttpClient {1:0.000} ms/row = {2:0.00}x' -f $results.P2ModuleWarmCpuMsPerRow, $results.P2RawWarmCpuMsPerRow, $p2WarmRatio; Goal = '<= 1.5x'; Pass = $p2WarmRatio -le 1.5 }
    [pscustomobject]@{ Id = 'P2'; What = 'the fresh-process run again with DOTNET_TieredPGO=0 (diagnosis)'; Figure = '{0:0.000} ms/row vs raw HttpClient {1:0.000} ms/row = {2:0.00}x' -f $results.P2ModuleNoPgoCpuMsPerRow, $results.P2RawNoPgoCpuMsPerRow, ($results.P2ModuleNoPgoCpuMsPerRow / $results.P2RawNoPgoCpuMsPerRow); Goal = '(diagnosis)'; Pass = $true }
    [pscustomobject]@{ Id = 'P3'; What = "Import-Module in a fresh pwsh (median of $importRuns)"; Figure = '{0:0} ms (an empty manifest: {1:0} ms; ours after another module was imported: {2:0} ms); then Connect-MerchantApi {3:0} ms, first New-MerchantCustomer {4:0} ms' -f $results.P3ImportMs, $results.P3EmptyImportMs, $results.P3SecondImportMs, $results.P3ConnectMs, $results.P3FirstCallMs; Goal = '<= 100 ms'; Pass = $results.P3ImportMs -le 100 }
    [pscustomobject]@{ Id = 'P4'; What = "peak working set, $rows vs $bigRows rows streamed"; Figure = '{0:0} MB vs {1:0} MB (+{2:0} MB)' -f $results.P4SmallMB, $results.P4BigMB, ($results.P4BigMB - $results.P4SmallMB); Goal = '<= +30 MB'; Pass = ($results.P4BigMB - $results.P4SmallMB) -le 30 }
)
$lines = @(
    '# Performance'
    ''
    "Measured by ``dotnet pwsh ./build.ps1 -Task Bench`` on $(Get-Date -Format 'yyyy-MM-dd'): $([Environment]::ProcessorCount) cores, pwsh $($PSVersionTable.PSVersion), .NET $([Environment]::Version), $Runs runs per figure (medians)$(if ($Smoke) { ', SMOKE MODE: figures are meaningless' })."
    ''
    '| id | what | figure | goal | pass |'
    '|---|---|---|---|---|'
    $table | ForEach-Object { "| $($_.Id) | $($_.What) | $($_.Figure) | $($_.Goal) | $(if ($_.Pass) { 'pass' } else { 'MISS' }) |" }
)
$existingNotes = if (Test-Path $OutputPath) { (Get-Content $OutputPath -Raw) -split '(?m)^## Notes', 2 | Select-Object -Skip 1 } else { $null }
if ($existingNotes) { $lines += '', ('## Notes' + $existingNotes.TrimEnd()) }
$lines | Set-Content $OutputPath
$table | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host "Report: $OutputPath"
