<#
.SYNOPSIS
    Runs every benchmark against the sandbox, several runs each, and writes the medians, ratios and goals to a
    markdown report (docs/performance.md by default). -Smoke runs a tiny version so CI keeps it working; its
    figures mean nothing. -Only runs some benchmarks (P1 with P1b, P2 … P6); the report keeps the other rows, with
    the date they were measured, from the report it replaces.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $RawClientPath,
    [string] $OutputPath = (Join-Path $PSScriptRoot '..' 'docs' 'performance.md'),
    [switch] $Smoke,
    [int] $Runs = 5,
    # Benchmark ids, or one string of them separated by commas (pwsh -File passes arguments as plain strings).
    [string[]] $Only = @('P1', 'P2', 'P3', 'P4', 'P5', 'P6')
)
$ErrorActionPreference = 'Stop'
$Only = @($Only -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$unknown = @($Only | Where-Object { $_ -notin 'P1', 'P2', 'P3', 'P4', 'P5', 'P6' })
if ($unknown) { throw "Unknown benchmark '$($unknown -join "', '")': -Only takes P1 (with P1b), P2, P3, P4, P5 and P6." }
Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'MerchantSandbox.psm1') -Force

$rows = if ($Smoke) { 40 } else { 10000 }
$loopRows = if ($Smoke) { 20 } else { 1000 }   # the sequential loop is slow; its rate is measured on fewer rows
$bigRows = if ($Smoke) { 400 } else { 100000 }
$importRuns = if ($Smoke) { 2 } else { 10 }
if ($Smoke) { $Runs = 1 }
$latencyMs = 25
$throttle = 16
# P5: a server that enforces a rate limit (a token bucket per merchant: $rateLimit a second, $rateBurst at most saved
# up). A burst of one second's requests: a client that pauses for a whole-second Retry-After loses no tokens.
$rateRows = if ($Smoke) { 60 } else { 10000 }
$rateLimit = if ($Smoke) { 50 } else { 200 }
$rateBurst = if ($Smoke) { 10 } else { 200 }
# Each run is 50 s at 200/s; the two clients it is compared with (which may take much longer) run once.
$rateRuns = if ($Smoke) { 1 } else { [math]::Min($Runs, 3) }
$today = Get-Date -Format 'yyyy-MM-dd'
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
    $list = foreach ($pair in $all.GetEnumerator()) {
        # pwsh -File takes a switch as its name alone.
        if ($pair.Value -is [switch] -or $pair.Value -is [bool]) { if ($pair.Value) { "-$($pair.Key)" } }
        else { "-$($pair.Key)"; "$($pair.Value)" }
    }
    $output = & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-Scenario.ps1') @list
    if ($LASTEXITCODE -ne 0) { throw "Scenario $($Arguments.Scenario) failed: $output" }
    $output | Select-Object -Last 1 | ConvertFrom-Json
}

function Invoke-RawClient($Sandbox, [string] $Csv) {
    # Over HTTPS the program trusts the sandbox's CA, as the module does with -CertificateAuthorityPath.
    $trust = if ($Sandbox.CertificatePath) { '--ca', $Sandbox.CertificatePath } else { @() }
    $line = & dotnet $RawClientPath "$($Sandbox.Uri.ToString().TrimEnd('/'))/" $Sandbox.MerchantId $Sandbox.Email $Sandbox.Password $Csv $throttle @trust
    if ($LASTEXITCODE -ne 0) { throw "Raw client failed: $line" }
    $line | Select-Object -Last 1 | ConvertFrom-Json
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    if ($sorted.Count % 2) { $sorted[[int][math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Get-CpuMsPerRow($Pass) { 1000 * $Pass.cpuSeconds / $Pass.rows }

function Test-Run([string] $Id) { $Id -in $Only }

function Invoke-RateLimitedRun($Sandbox, [hashtable] $Arguments) {
    # One client against the rate-limited sandbox, from a full bucket; the 429s and all requests of the run come
    # from the sandbox's own counts (every route, sign-in included).
    Reset-MerchantSandbox $Sandbox
    $run = Invoke-Scenario $Arguments
    $stats = Get-MerchantSandboxStats $Sandbox
    $requests = ($stats.requests.PSObject.Properties.Value | ForEach-Object { $_.PSObject.Properties.Value } | Measure-Object -Sum).Sum
    [pscustomobject]@{
        rowsPerSecond = $run.rows / $run.seconds
        errors        = $run.failures
        rateLimited   = $stats.faults.rateLimited
        requests      = $requests
        share         = $stats.faults.rateLimited / $requests
    }
}

function Get-RateFigure($Runs) {
    # Medians of each figure over the runs.
    $figure = [pscustomobject]@{
        rowsPerSecond = Get-Median $Runs.rowsPerSecond
        share         = Get-Median $Runs.share
        rateLimited   = Get-Median $Runs.rateLimited
        requests      = Get-Median $Runs.requests
        errors        = Get-Median $Runs.errors
    }
    $figure | Add-Member ratio ($figure.rowsPerSecond / $rateLimit) -PassThru
}

function Format-RateFigure($Figure) {
    '{0:0} rows/s = {1:0.00} of {2}/s; 429s {3:0.0} % ({4:0} of {5:0} requests); {6:0} rows failed' -f $Figure.rowsPerSecond, $Figure.ratio, $rateLimit,
        (100 * $Figure.share), $Figure.rateLimited, $Figure.requests, $Figure.errors
}

$csv = Join-Path $work 'rows.csv'; New-CustomerCsv $rows $csv
# P2's passes in one process: the first file, then more of the same size with other emails.
$passes = if ($Smoke) { 2 } else { 5 }
$passFiles = @($csv) + (2..$passes | ForEach-Object { $file = Join-Path $work "pass$_.csv"; New-CustomerCsv $rows $file "pass$_-"; $file })
$loopCsv = Join-Path $work 'loop.csv'; New-CustomerCsv $loopRows $loopCsv
$bigCsv = Join-Path $work 'big.csv'; if ((Test-Run 'P4')) { New-CustomerCsv $bigRows $bigCsv }
$rateCsv = Join-Path $work 'rate.csv'; New-CustomerCsv $rateRows $rateCsv 'rate'
$emptyModule = Join-Path $work 'Empty' 'Empty.psd1'
$null = New-Item -ItemType Directory (Split-Path $emptyModule)
"@{ ModuleVersion = '1.0'; FunctionsToExport = @(); CmdletsToExport = @() }" | Set-Content $emptyModule
$results = [ordered]@{}

if (Test-Run 'P1') {
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
}

if ((Test-Run 'P2') -or (Test-Run 'P3') -or (Test-Run 'P4')) {
$sandbox = Start-MerchantSandbox
try {
    $connection = @{ BaseUri = $sandbox.Uri.ToString().TrimEnd('/'); MerchantId = $sandbox.MerchantId; Email = $sandbox.Email; Password = $sandbox.Password }
    if (Test-Run 'P2') {
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
    }

    if (Test-Run 'P4') {
    Write-Host "P4: peak working set, $rows vs $bigRows rows"
    Reset-MerchantSandbox $sandbox
    $results.P4SmallMB = (Invoke-Scenario (@{ Scenario = 'Module'; Csv = $csv } + $connection)).peakWorkingSetMB
    Reset-MerchantSandbox $sandbox
    $results.P4BigMB = (Invoke-Scenario (@{ Scenario = 'Module'; Csv = $bigCsv } + $connection)).peakWorkingSetMB
    }

    if (Test-Run 'P3') {
    Write-Host "P3: Import-Module, sign-in and first call, $importRuns fresh processes each"
    $imports = foreach ($run in 1..$importRuns) { Invoke-Scenario (@{ Scenario = 'Import' } + $connection) }
    $results.P3ImportMs = Get-Median $imports.importMs
    $results.P3ConnectMs = Get-Median $imports.connectMs
    $results.P3FirstCallMs = Get-Median $imports.firstCallMs
    $results.P3SecondImportMs = Get-Median (1..$importRuns | ForEach-Object { (Invoke-Scenario @{ Scenario = 'ImportOnly'; ImportFirst = $emptyModule }).importMs })
    # PowerShell's own price for the first Import-Module of a process, paid by any module: an empty manifest.
    $results.P3EmptyImportMs = Get-Median (1..$importRuns | ForEach-Object { (Invoke-Scenario @{ Scenario = 'ImportOnly'; ModulePath = $emptyModule }).importMs })
    }
}
finally { Stop-MerchantSandbox $sandbox }
}

if (Test-Run 'P5') {
$sandbox = Start-MerchantSandbox -Latency $latencyMs
try {
    $connection = @{ BaseUri = $sandbox.Uri.ToString().TrimEnd('/'); MerchantId = $sandbox.MerchantId; Email = $sandbox.Email; Password = $sandbox.Password }
    Write-Host "P5: $rateRows rows, latency $latencyMs ms, throttle $throttle, rate limit $rateLimit/s (burst $rateBurst), $rateRuns runs each"
    $null = Invoke-RawClient $sandbox $loopCsv   # the sandbox's JIT warm-up, before the limit applies
    $null = Set-MerchantSandboxFault $sandbox -RateLimit $rateLimit -RateBurst $rateBurst
    $adaptive = [Collections.Generic.List[object]]::new(); $fixed = [Collections.Generic.List[object]]::new(); $rest = [Collections.Generic.List[object]]::new()
    foreach ($run in 1..$rateRuns) {
        # Interleaved, so a noisy stretch of the machine falls on each client alike.
        $adaptive.Add((Invoke-RateLimitedRun $sandbox (@{ Scenario = 'Module'; Csv = $rateCsv } + $connection)))
        Write-Host "  run ${run}: adaptive $(Format-RateFigure (Get-RateFigure $adaptive[-1]))"
        if ($run -gt 1) { continue }
        $fixed.Add((Invoke-RateLimitedRun $sandbox (@{ Scenario = 'Module'; Csv = $rateCsv; NoAdaptiveRate = $true } + $connection)))
        Write-Host "  run ${run}: -NoAdaptiveRate $(Format-RateFigure (Get-RateFigure $fixed[-1]))"
        $rest.Add((Invoke-RateLimitedRun $sandbox (@{ Scenario = 'RestParallel'; Csv = $rateCsv; MaximumRetryCount = 5; RetryIntervalSec = 1 } + $connection)))
        Write-Host "  run ${run}: -Parallel $(Format-RateFigure (Get-RateFigure $rest[-1]))"
    }
    $results.P5Adaptive = Get-RateFigure $adaptive
    $results.P5Fixed = Get-RateFigure $fixed
    $results.P5Rest = Get-RateFigure $rest
}
finally { Stop-MerchantSandbox $sandbox }
}

if (Test-Run 'P6') {
$sandbox = Start-MerchantSandbox -Https -Latency $latencyMs
try {
    $connection = @{ BaseUri = $sandbox.Uri.ToString().TrimEnd('/'); MerchantId = $sandbox.MerchantId; Email = $sandbox.Email; Password = $sandbox.Password }
    Write-Host "P6: P1 over HTTPS, $rows rows, latency $latencyMs ms, throttle $throttle"
    $null = Invoke-RawClient $sandbox $csv
    $module = [Collections.Generic.List[object]]::new(); $raw = [Collections.Generic.List[object]]::new()
    foreach ($run in 1..$Runs) {
        # Interleaved (module, raw, module, raw …): the ratio is of two clients measured in the same stretch.
        Reset-MerchantSandbox $sandbox
        $module.Add((Invoke-Scenario (@{ Scenario = 'Module'; Csv = $csv; CertificateAuthorityPath = $sandbox.CertificatePath } + $connection)))
        Reset-MerchantSandbox $sandbox
        $raw.Add((Invoke-RawClient $sandbox $csv))
        Write-Host ('  run {0}: module {1:0} rows/s, raw HttpClient program {2:0} rows/s' -f $run, $module[-1].rowsPerSecond, ($raw[-1].rows / $raw[-1].seconds))
    }
    $results.P6 = Get-Median $module.rowsPerSecond
    $results.P6Raw = Get-Median ($raw | ForEach-Object { $_.rows / $_.seconds })
}
finally { Stop-MerchantSandbox $sandbox }
}
Remove-Item $work -Recurse -Force

$limit = $throttle * 1000 / $latencyMs
$table = [Collections.Generic.List[object]]::new()
function Add-Row([string] $Id, [string] $What, [string] $Figure, [string] $Goal, [bool] $Pass) {
    $table.Add([pscustomobject]@{ Id = $Id; What = $What; Figure = $Figure; Goal = $Goal; Pass = $(if ($Pass) { 'pass' } else { 'MISS' }); Date = $today })
}
if (Test-Run 'P1') {
    Add-Row 'P1' "bulk create, $rows rows, ${latencyMs} ms latency, -ThrottleLimit $throttle" ('{0:0} rows/s = {1:0.00} of the {2:0} rows/s limit (raw HttpClient program, same sandbox: {3:0} rows/s = {4:0.00})' -f $results.P1, ($results.P1 / $limit), $limit, $results.P1Raw, ($results.P1Raw / $limit)) '>= 0.90 of the limit' (($results.P1 / $limit) -ge 0.9)
    Add-Row 'P1b' 'vs ForEach-Object -Parallel 16 { Invoke-RestMethod }' ('{0:0} rows/s; module is {1:0.0}x (the limit is {2:0.0}x this)' -f $results.P1bParallel, ($results.P1 / $results.P1bParallel), ($limit / $results.P1bParallel)) '>= 3x' (($results.P1 / $results.P1bParallel) -ge 3)
    Add-Row 'P1b' "vs ForEach-Object { Invoke-RestMethod } ($loopRows rows)" ('{0:0} rows/s; module is {1:0.0}x' -f $results.P1bLoop, ($results.P1 / $results.P1bLoop)) '(reference)' $true
}
if (Test-Run 'P2') {
    $p2Ratio = $results.P2ModuleCpuMsPerRow / $results.P2RawCpuMsPerRow
    $p2WarmRatio = $results.P2ModuleWarmCpuMsPerRow / $results.P2RawWarmCpuMsPerRow
    Add-Row 'P2' "client CPU per row, $rows rows, no latency, fresh process" ('{0:0.000} ms/row vs raw HttpClient {1:0.000} ms/row = {2:0.00}x; {3:0} vs {4:0} rows/s' -f $results.P2ModuleCpuMsPerRow, $results.P2RawCpuMsPerRow, $p2Ratio, $results.P2ModuleRowsPerSecond, $results.P2RawRowsPerSecond) '<= 1.5x' ($p2Ratio -le 1.5)
    Add-Row 'P2' "the same, pass $passes of $passes in one process ($($rows * ($passes - 1)) rows before it)" ('{0:0.000} ms/row vs raw HttpClient {1:0.000} ms/row = {2:0.00}x' -f $results.P2ModuleWarmCpuMsPerRow, $results.P2RawWarmCpuMsPerRow, $p2WarmRatio) '<= 1.5x' ($p2WarmRatio -le 1.5)
    Add-Row 'P2' 'the fresh-process run again with DOTNET_TieredPGO=0 (diagnosis)' ('{0:0.000} ms/row vs raw HttpClient {1:0.000} ms/row = {2:0.00}x' -f $results.P2ModuleNoPgoCpuMsPerRow, $results.P2RawNoPgoCpuMsPerRow, ($results.P2ModuleNoPgoCpuMsPerRow / $results.P2RawNoPgoCpuMsPerRow)) '(diagnosis)' $true
}
if (Test-Run 'P3') {
    Add-Row 'P3' "Import-Module in a fresh pwsh (median of $importRuns)" ('{0:0} ms (an empty manifest: {1:0} ms; ours after another module was imported: {2:0} ms); then Connect-MerchantApi {3:0} ms, first New-MerchantCustomer {4:0} ms' -f $results.P3ImportMs, $results.P3EmptyImportMs, $results.P3SecondImportMs, $results.P3ConnectMs, $results.P3FirstCallMs) '<= 100 ms' ($results.P3ImportMs -le 100)
}
if (Test-Run 'P4') {
    Add-Row 'P4' "peak working set, $rows vs $bigRows rows streamed" ('{0:0} MB vs {1:0} MB (+{2:0} MB)' -f $results.P4SmallMB, $results.P4BigMB, ($results.P4BigMB - $results.P4SmallMB)) '<= +30 MB' (($results.P4BigMB - $results.P4SmallMB) -le 30)
}
if (Test-Run 'P5') {
    $p5 = $results.P5Adaptive
    Add-Row 'P5' "bulk create under a rate limit, $rateRows rows, $rateLimit/s (burst $rateBurst), ${latencyMs} ms latency, -ThrottleLimit $throttle (median of $rateRuns)" (Format-RateFigure $p5) '>= 0.95 of the limit, 429s <= 2 % of requests' (($p5.ratio -ge 0.95) -and ($p5.share -le 0.02))
    Add-Row 'P5' 'the same, Connect-MerchantApi -NoAdaptiveRate (every 429 pauses for its Retry-After; 1 run)' (Format-RateFigure $results.P5Fixed) '(reference)' $true
    Add-Row 'P5' "the same with ForEach-Object -Parallel $throttle { Invoke-RestMethod -MaximumRetryCount 5 -RetryIntervalSec 1 } (1 run)" (Format-RateFigure $results.P5Rest) '(reference)' $true
}
if (Test-Run 'P6') {
    $p6Ratio = $results.P6 / $results.P6Raw
    Add-Row 'P6' "P1 over HTTPS (CA trusted by -CertificateAuthorityPath), $rows rows, ${latencyMs} ms latency, -ThrottleLimit $throttle" ('{0:0} rows/s vs raw HttpClient program (same sandbox, same run) {1:0} rows/s = {2:0.00}' -f $results.P6, $results.P6Raw, $p6Ratio) '>= 0.97 of the raw program' ($p6Ratio -ge 0.97)
}

# Benchmarks not run this time keep their rows, and the date they were measured, from the report this one replaces.
$previous = if (Test-Path $OutputPath) { Get-Content $OutputPath } else { @() }
$previousDate = if (($previous | Select-Object -First 3) -join ' ' -match ' on (\d{4}-\d{2}-\d{2})') { $Matches[1] } else { '?' }
$rowsOut = foreach ($group in 'P1', 'P2', 'P3', 'P4', 'P5', 'P6') {
    if (Test-Run $group) { $table | Where-Object { ($_.Id -replace '[a-z]+$') -eq $group } }
    else {
        foreach ($line in $previous) {
            if ($line -notmatch '^\| (P\d+[a-z]*) \|' -or ($Matches[1] -replace '[a-z]+$') -ne $group) { continue }
            $cells = @($line.Trim('|') -split ' \| ' | ForEach-Object { $_.Trim() })
            [pscustomobject]@{ Id = $cells[0]; What = $cells[1]; Figure = $cells[2]; Goal = $cells[3]; Pass = $cells[4]; Date = $(if ($cells.Count -gt 5) { $cells[5] } else { $previousDate }) }
        }
    }
}
$lines = @(
    '# Performance'
    ''
    "Measured by ``dotnet pwsh ./build.ps1 -Task Bench`` on $today$(if ($Only.Count -lt 6) { " ($($Only -join ', ') only)" }): $([Environment]::ProcessorCount) cores, pwsh $($PSVersionTable.PSVersion), .NET $([Environment]::Version), $Runs runs per figure (medians; P5 $rateRuns)$(if ($Only.Count -lt 6) { '; the other rows are kept from the report before, with their dates and run counts' })$(if ($Smoke) { ', SMOKE MODE: figures are meaningless' })."
    ''
    '| id | what | figure | goal | pass | measured |'
    '|---|---|---|---|---|---|'
    $rowsOut | ForEach-Object { "| $($_.Id) | $($_.What) | $($_.Figure) | $($_.Goal) | $($_.Pass) | $($_.Date) |" }
)
$existingNotes = if (Test-Path $OutputPath) { (Get-Content $OutputPath -Raw) -split '(?m)^## Notes', 2 | Select-Object -Skip 1 } else { $null }
if ($existingNotes) { $lines += '', ('## Notes' + $existingNotes.TrimEnd()) }
$lines | Set-Content $OutputPath
$rowsOut | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
Write-Host "Report: $OutputPath"
