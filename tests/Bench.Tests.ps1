# The benchmarks are measured by `build.ps1 -Task Bench`, never by tests. This only proves that they still run
# end to end (tiny smoke mode) and produce a complete report.
Describe 'Benchmarks (smoke)' -Tag Bench {
    It 'runs every benchmark and writes a report with each figure and goal' {
        $report = Join-Path ([IO.Path]::GetTempPath()) ("performance-smoke-" + [guid]::NewGuid().ToString('n') + '.md')
        $root = Join-Path $PSScriptRoot '..'
        try {
            $output = & (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File (Join-Path $root 'bench/Invoke-Benchmarks.ps1') `
                -ModulePath $env:MERCHANTAPI_TEST_MODULE -RawClientPath (Join-Path $root 'bench/RawClient/bin/Release/net10.0/RawClient.dll') `
                -Smoke -OutputPath $report 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
            $rows = @(Get-Content $report | Where-Object { $_ -match '^\| P\d' })
            ($rows | ForEach-Object { ($_ -split '\|')[1].Trim() }) | Should -Be 'P1', 'P1b', 'P1b', 'P2', 'P2', 'P2', 'P3', 'P4', 'P5', 'P5', 'P5', 'P6'
            $rows | ForEach-Object { $_ | Should -Match '\| (pass|MISS) \| \d{4}-\d{2}-\d{2} \|$' }
            # P5's clients under the rate limit and P6's over HTTPS ran: their figures are there (not their goals).
            ($rows | Where-Object { $_ -match '^\| P5 ' }) | ForEach-Object { $_ | Should -Match 'rows/s = \d+\.\d\d of \d+/s; 429s \d+\.\d % \(\d+ of \d+ requests\); \d+ rows failed' }
            ($rows | Where-Object { $_ -match '^\| P6 ' }) | Should -Match '\d+ rows/s vs raw HttpClient program \(same sandbox, same run\) \d+ rows/s = \d+\.\d\d'
            Get-Content $report -Raw | Should -Match 'SMOKE MODE'
        }
        finally { Remove-Item $report -ErrorAction SilentlyContinue }
    }
}
