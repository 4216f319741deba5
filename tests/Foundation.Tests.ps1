# The three first cmdlets end to end over real HTTP against the sandbox.
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox
    $script:SamplesCsv = Join-Path $PSScriptRoot '..' 'samples' 'customers.csv'

    function New-TestRow([string] $Email) {
        [pscustomobject]@{
            Email = $Email; PhoneNumber = '+380991234567'; FirstName = 'Alex'; LastName = 'Smith'
            Comment = 'Alex is a special client.'; ExternalId = '12124d80-dd80-4c70-aa9c-c2aa014cc29e'
            ReferralId = '1f44b1c7-9fd4-4d20-b9a4-7aca3646d0d5'; Country = 'FR'; VerificationDocumentId = 'FV633452'
            ResidenceAddress = 'Champ de Mars, 5 Av. Anatole France, 75007 Paris, France'; Itn = '633-123-92-12'
        }
    }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Connect-MerchantApi' {
    It 'signs in with a credential and returns a context without secrets' {
        $context = Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential -PassThru
        $context | Should -BeOfType ([MerchantApi.Context])
        $context.AuthKind | Should -Be 'Credential'
        $context.MerchantId | Should -Be $Sandbox.MerchantId
        $context.Account | Should -Be $Sandbox.Email
        $context.Role | Should -Be 'Owner'
        $context.AccessTokenExpiresAt | Should -BeGreaterThan ([datetimeoffset]::Now.AddMinutes(25))
        $context.RefreshTokenExpiresAt | Should -BeGreaterThan ([datetimeoffset]::Now.AddDays(1.9))
        ($context | Format-List * | Out-String) | Should -Not -Match 'eyJ'
        (Get-MerchantSandboxStats $Sandbox).logins | Should -BeGreaterOrEqual 1
    }

    It 'signs in with an API key' {
        $context = Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey -PassThru
        $context.AuthKind | Should -Be 'ApiKey'
        (Get-MerchantContext).AuthKind | Should -Be 'ApiKey'
    }

    It 'fails with the provider''s code on a wrong password and keeps the previous session' {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        $bad = [pscredential]::new($Sandbox.Email, (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        $failure = { Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $bad } |
            Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'Unauthorized,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.Exception.Message | Should -Match 'UNAUTHORIZED'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'password'
        $failure.TargetObject | Should -Be $Sandbox.Uri
        (Get-MerchantContext).AuthKind | Should -Be 'Credential'
    }
}

Describe 'Update-MerchantToken' {
    It 'refreshes the access token on demand' {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        $before = (Get-MerchantSandboxStats $Sandbox).refreshes
        $context = Update-MerchantToken -PassThru
        (Get-MerchantSandboxStats $Sandbox).refreshes | Should -Be ($before + 1)
        $context.AccessTokenExpiresAt | Should -BeGreaterThan ([datetimeoffset]::Now.AddMinutes(25))
    }

    It 'warns that an API-key session has nothing to refresh' {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey
        Update-MerchantToken -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -HaveCount 1
        "$warnings" | Should -Match 'API key'
    }
}

Describe 'New-MerchantCustomer' {
    BeforeAll {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }

    It 'creates a customer with all eleven fields and returns every field of it' {
        $row = New-TestRow 'all.fields@example.com'
        $customer = $row | New-MerchantCustomer
        $customer | Should -BeOfType ([MerchantApi.Customer])
        foreach ($field in 'Email', 'PhoneNumber', 'FirstName', 'LastName', 'Comment', 'ExternalId', 'ReferralId', 'Country',
            'VerificationDocumentId', 'ResidenceAddress', 'Itn') {
            $customer.$field | Should -Be $row.$field -Because "$field is sent and echoed"
        }
        [guid]::Parse($customer.Id) | Should -Not -BeNullOrEmpty
        [guid]::Parse($customer.WalletId) | Should -Not -BeNullOrEmpty
        $customer.Status | Should -Be 'Active'
        $customer.CreatedAt | Should -BeOfType ([datetimeoffset])
        $customer.UpdatedAt | Should -BeOfType ([datetimeoffset])
    }

    It 'onboards the sample CSV through Import-Csv' {
        $rows = Import-Csv $SamplesCsv
        $customers = $rows | New-MerchantCustomer
        $customers | Should -HaveCount $rows.Count
        $customers.Email | Should -Be $rows.Email
        ($customers | Where-Object Country -eq 'UA').LastName | Should -Be 'Kovalenko'
        ($customers | Where-Object Email -eq 'lucia.garcia@example.com').FirstName | Should -Be 'Lucía'
    }

    It 'turns a provider error into a PowerShell error with its code, message and the input row' {
        $row = New-TestRow 'duplicate@example.com'
        $null = $row | New-MerchantCustomer
        $output = $row | New-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CustomerAlreadyExists,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].Exception.Message | Should -Match 'CUSTOMER_ALREADY_EXISTS'
        $failures[0].TargetObject.Email | Should -Be 'duplicate@example.com'
    }

    It 'works with an API-key session' {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey
        (New-TestRow 'apikey.user@example.com' | New-MerchantCustomer).Email | Should -Be 'apikey.user@example.com'
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }

    It 'refuses to run before Connect-MerchantApi' {
        Disconnect-MerchantApi
        { New-TestRow 'nobody@example.com' | New-MerchantCustomer } | Should -Throw -ErrorId 'NotConnected,*'
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }
}
