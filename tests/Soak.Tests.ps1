# Issue #5, the soak: 10,000 rows through faults, throttling and token expiry. The only multi-minute test; its
# duration and the sandbox's stats go to out/test-results/soak.json (and, by hand, to docs/reliability.md).
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Soak' -Tag Slow, Soak {
    It 'onboards 10,000 rows through 5% 500s, 2% drops after commit, 429 bursts, 5 s access and 20 s refresh tokens: exactly 10,000 stored, in order, no errors' {
        $sandbox = Start-MerchantSandbox -RandomSecrets -FailureRate 0.05 -DropAfterCommitRate 0.02 -ThrottleRate 0.002 -ThrottleBurst 300 -RetryAfter 1 `
            -AccessTokenLifetime 5 -RefreshTokenLifetime 20 -Seed 5
        $context = Connect-MerchantApi -BaseUri $sandbox.Uri -MerchantId $sandbox.MerchantId -Credential $sandbox.Credential -PassThru
        $rows = foreach ($i in 1..10000) {
            [pscustomobject]@{
                Email = 'soak{0:d5}@example.com' -f $i; PhoneNumber = '+33612345678'; FirstName = 'Soak'; LastName = "Row $i"
                Country = 'FR'; VerificationDocumentId = "SOAK$i"; ResidenceAddress = '5 Av. Anatole France, 75007 Paris'; ExternalId = "$i"
            }
        }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $customers = @($rows | New-MerchantCustomer -ThrottleLimit 16 -Context $context -ErrorVariable failures)
        $watch.Stop()
        $stats = Get-MerchantSandboxStats $sandbox
        [pscustomobject]@{ Rows = $rows.Count; Output = $customers.Count; Errors = @($failures).Count; Seconds = [math]::Round($watch.Elapsed.TotalSeconds, 1); Stats = $stats } |
            ConvertTo-Json -Depth 6 | Set-Content (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'soak.json')

        @($failures) | Should -HaveCount 0
        $customers | Should -HaveCount 10000
        $customers.Email | Should -Be $rows.Email
        @($customers.Id | Sort-Object -Unique) | Should -HaveCount 10000
        $stats.customers | Should -Be 10000
        # The faults really happened, and the tokens really expired mid-run.
        $stats.faults.failures | Should -BeGreaterThan 100
        $stats.faults.dropsAfterCommit | Should -BeGreaterThan 50
        $stats.faults.throttled | Should -BeGreaterThan 0
        $stats.refreshes | Should -BeGreaterThan 0
        # A run longer than the 20 s refresh token must have signed in again (on this machine it takes about a minute).
        if ($watch.Elapsed.TotalSeconds -gt 25) { $stats.logins | Should -BeGreaterThan 1 }
    }
}
