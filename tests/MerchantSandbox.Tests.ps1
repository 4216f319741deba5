# The sandbox helper itself (tests/MerchantSandbox.psm1): what its parameters turn into in the sandbox it starts.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
}
AfterAll {
    Stop-MerchantSandbox
}

Describe 'Start-MerchantSandbox -Latency' {
    It 'takes a TimeSpan as well as milliseconds' {
        $byMilliseconds = Start-MerchantSandbox -Latency 25
        $byTimeSpan = Start-MerchantSandbox -Latency ([timespan]::FromMilliseconds(25))
        # With no settings given, Set-MerchantSandboxFault only reads the ones in force.
        $expected = (Set-MerchantSandboxFault $byMilliseconds).latencyMs
        $expected | Should -Be 25
        (Set-MerchantSandboxFault $byTimeSpan).latencyMs | Should -Be $expected
    }

    It 'refuses a latency over a minute, however it is given' {
        { Start-MerchantSandbox -Latency 60001 } | Should -Throw '*Latency must be 0 to 60000 ms*'
        { Start-MerchantSandbox -Latency ([timespan]::FromMinutes(2)) } | Should -Throw '*Latency must be 0 to 60000 ms*'
    }
}
