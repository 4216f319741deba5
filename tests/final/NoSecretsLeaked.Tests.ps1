# Issue #5, part 2 of the leak check, run by tests/Invoke-Pester.ps1 after the main run: no password, API key or
# token any sandbox issued during the run appears in the transcript, the captured streams or the NUnit XML.
BeforeDiscovery {
    $script:Files = @($env:MERCHANTAPI_LEAK_FILES -split [IO.Path]::PathSeparator | Where-Object { $_ })
}
BeforeAll {
    $script:Files = @($env:MERCHANTAPI_LEAK_FILES -split [IO.Path]::PathSeparator | Where-Object { $_ })
    $script:Results = $env:MERCHANTAPI_TEST_RESULTS
    $script:Secrets = @(Get-Content -LiteralPath $env:MERCHANTAPI_SECRETS_LOG -ErrorAction SilentlyContinue | Where-Object { $_ } | Sort-Object -Unique)
    $script:Canary = Get-Content -LiteralPath (Join-Path $Results 'leak-canary.txt') -ErrorAction SilentlyContinue

    # Each secret whole, and each token's signature alone (a token cut short for display still shows its header,
    # which is not secret, while the signature is what makes it usable).
    function Find-Secret([string] $Text) {
        foreach ($secret in $Secrets) {
            $needles = @($secret)
            if ($secret -match '^eyJ[^.]+\.[^.]+\.(.{16,})$') { $needles += $Matches[1] }
            foreach ($needle in $needles) {
                if ($Text.IndexOf($needle, [StringComparison]::Ordinal) -ge 0) { $secret.Substring(0, [Math]::Min(12, $secret.Length)) + '…'; break }
            }
        }
    }
}

Describe 'No secret in any captured output' {
    It 'knows the secrets: sandbox passwords, API keys and the tokens they issued' {
        $Secrets.Count | Should -BeGreaterThan 20
        @($Secrets | Where-Object { $_ -like 'Pw-*' }).Count | Should -BeGreaterOrEqual 3
        @($Secrets | Where-Object { $_ -like 'sk_test_*' }).Count | Should -BeGreaterOrEqual 3
        @($Secrets | Where-Object { $_ -like 'eyJ*' }).Count | Should -BeGreaterThan 10
    }

    It 'finds the planted canary in the transcript and the captured streams (the grep can fail)' {
        $Canary | Should -Not -BeNullOrEmpty
        foreach ($file in $Files[0..1]) {
            (Get-Content -LiteralPath $file -Raw).IndexOf($Canary, [StringComparison]::Ordinal) | Should -BeGreaterOrEqual 0 -Because $file
        }
        # The same search that looks for secrets reports a secret planted in a copy of the transcript.
        $planted = (Get-Content -LiteralPath $Files[0] -Raw) + "`nAuthorization: Bearer $($Secrets | Where-Object { $_ -like 'eyJ*' } | Select-Object -Last 1)"
        @(Find-Secret $planted) | Should -HaveCount 1
    }

    It 'finds no secret in <_>' -ForEach $Files {
        Test-Path -LiteralPath $_ | Should -BeTrue
        $text = Get-Content -LiteralPath $_ -Raw
        $text.Length | Should -BeGreaterThan 1000
        @(Find-Secret $text) | Should -BeNullOrEmpty
    }
}
