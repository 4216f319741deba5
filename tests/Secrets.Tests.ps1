# Issue #5, part 1 of the leak check: exercise every path that handles a secret with every stream on, and keep
# all of it (tests/final/NoSecretsLeaked.Tests.ps1 greps it afterwards). Plants a canary so the grep can be
# shown to find what is there.
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox -RandomSecrets -AccessTokenLifetime 2
    $script:Captured = Join-Path $env:MERCHANTAPI_TEST_RESULTS 'captured-streams.txt'

    # Runs a block with Verbose and Debug on, and appends every stream (errors in full detail) to the capture file.
    function Invoke-Captured([scriptblock] $Block) {
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        $records = & { try { & $Block } catch { $_ } } *>&1
        $text = foreach ($record in $records) {
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $record | Format-List * -Force | Out-String -Width 4096
                $record.Exception | Format-List * -Force | Out-String -Width 4096
                $record.Exception.ToString()
            }
            else { $record | Format-List * -Force | Out-String -Width 4096 }
        }
        Add-Content -LiteralPath $Captured -Value $text
        Write-Host ($text -join "`n")
        $records
    }
    function New-Row([string] $Email) {
        [pscustomobject]@{ Email = $Email; FirstName = 'Sec'; LastName = 'Ret'; Country = 'FR'; VerificationDocumentId = 'D1'; ResidenceAddress = 'Paris' }
    }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Secrets under full capture' {
    It 'plants a canary in the transcript and the captured streams (the positive control of the leak check)' {
        $canary = 'LEAK-CANARY-' + [guid]::NewGuid().ToString('n')
        Set-Content -LiteralPath (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'leak-canary.txt') -Value $canary
        $records = Invoke-Captured { Write-Verbose "canary $canary" }
        "$records" | Should -Match $canary
    }

    It 'signs in with a credential, refreshes on demand and on expiry, and creates, with every stream captured' {
        $records = Invoke-Captured {
            Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential -PassThru -Verbose -Debug
            Update-MerchantToken -PassThru -Verbose -Debug
            Get-MerchantContext | Format-List * -Force | Out-String
            Start-Sleep -Seconds 3 # the 2-second access token expires: the next call refreshes it
            New-Row 'capture.one@example.com' | New-MerchantCustomer -Verbose -Debug
        }
        @($records | Where-Object { $_ -is [MerchantApi.Customer] }) | Should -HaveCount 1
        (Get-MerchantSandboxStats $Sandbox).refreshes | Should -BeGreaterOrEqual 2
    }

    It 'signs in with an API key and fails a wrong password, with every stream captured' {
        $records = Invoke-Captured {
            Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey -PassThru -Verbose -Debug
            New-Row 'capture.two@example.com' | New-MerchantCustomer -Verbose -Debug
            $wrong = [pscredential]::new($Sandbox.Email, (ConvertTo-SecureString ($Sandbox.Password + 'x') -AsPlainText -Force))
            Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $wrong -Verbose -Debug
        }
        @($records | Where-Object { $_ -is [MerchantApi.Customer] }) | Should -HaveCount 1
        @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 1
    }
}
