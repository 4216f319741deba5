# Bulk onboarding: header matching, validation before sending, re-runs, order, retries, exactly-once.
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox
    Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("bulk-tests-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    function New-Row([string] $Email, [string] $Country = 'FR') {
        [pscustomobject]@{
            Email = $Email; PhoneNumber = '+33612345678'; FirstName = 'Camille'; LastName = 'Martin'; Comment = ''
            ExternalId = ''; ReferralId = ''; Country = $Country; VerificationDocumentId = 'FV633452'
            ResidenceAddress = '5 Av. Anatole France, 75007 Paris'; Itn = ''
        }
    }
    function Get-CreateCount { $stats = Get-MerchantSandboxStats $Sandbox; @($stats.requests.'/v2/customer/create'.PSObject.Properties.Value | Measure-Object -Sum).Sum }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Binding real files' {
    It 'matches the spellings people export and ignores extra columns (one Verbose line names them)' {
        $file = Join-Path $Work 'crm-export.csv'
        @(
            'E-mail,First Name,Surname,Mobile,Country Code,Passport,Residence Address,Tax ID,External ID,Notes,Favourite Colour'
            'crm.export@example.com,Inès,Lefèvre,+33 6 12 34 56 78,fr,FV111222,"1 Rue de Rivoli, Paris",123-45,CRM-1,From the CRM,blue'
        ) | Set-Content $file
        $customer = Import-Csv $file | New-MerchantCustomer -Verbose 4>&1 | Tee-Object -Variable all | Where-Object { $_ -is [MerchantApi.Customer] }
        $customer.Email | Should -Be 'crm.export@example.com'
        $customer.LastName | Should -Be 'Lefèvre'
        $customer.PhoneNumber | Should -Be '+33612345678'
        $customer.Country | Should -Be 'FR'
        $customer.VerificationDocumentId | Should -Be 'FV111222'
        $customer.Itn | Should -Be '123-45'
        $customer.ExternalId | Should -Be 'CRM-1'
        $customer.Comment | Should -Be 'From the CRM'
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'Favourite Colour' })
        $verbose | Should -HaveCount 1
    }

    It 'reads an Excel export saved as ;-separated UTF-8 with BOM, Unicode names intact' {
        $file = Join-Path $Work 'excel.csv'
        $text = "Email;First Name;Last Name;Country;Document ID;Address`r`n" +
                "zoe.excel@example.com;Zoë;Łukasiewicz;PL;ZS99;ul. Długa 1, Gdańsk`r`n" +
                "li.excel@example.com;李;小龍;CN;E1234;北京市 1号`r`n"
        [IO.File]::WriteAllText($file, $text, [Text.UTF8Encoding]::new($true))
        [IO.File]::ReadAllBytes($file)[0..2] | Should -Be 0xEF, 0xBB, 0xBF
        $customers = Import-Csv $file -Delimiter ';' | New-MerchantCustomer
        $customers.FirstName | Should -Be 'Zoë', '李'
        $customers.LastName | Should -Be 'Łukasiewicz', '小龍'
        $customers[1].ResidenceAddress | Should -Be '北京市 1号'
    }

    It 'takes hashtables and objects as -InputObject, in order' {
        $rows = @(
            @{ Email = 'hash.one@example.com'; FirstName = 'Hash'; LastName = 'One'; Country = 'de'; DocumentId = 'D1'; Address = 'Berlin' }
            [pscustomobject]@{ email = 'obj.two@example.com'; first_name = 'Obj'; last_name = 'Two'; country = 'AT'; passport = 'A2'; address = 'Wien' }
        )
        $customers = New-MerchantCustomer -InputObject $rows
        $customers.Email | Should -Be 'hash.one@example.com', 'obj.two@example.com'
        $customers[0].Country | Should -Be 'DE'
    }

    It 'creates from parameters alone' {
        $customer = New-MerchantCustomer -Email 'params@example.com' -FirstName P -LastName Q -Country IT -VerificationDocumentId X1 -ResidenceAddress Roma
        $customer.Email | Should -Be 'params@example.com'
    }
}

Describe 'Validation before anything is sent' {
    It 'reports each bad row as InvalidData naming row, field and value; sends nothing for a row the module rejects' {
        $before = Get-CreateCount
        $rows = @(
            New-Row 'good.one@example.com'
            New-Row 'not-an-email'
            New-Row 'france.name@example.com' 'France'
            (New-Row 'phone.letters@example.com' | ForEach-Object { $_.PhoneNumber = '+33 6 CALL ME'; $_ })
            (New-Row 'blank.name@example.com' | ForEach-Object { $_.FirstName = '   '; $_ })
            New-Row 'good.two@example.com'
        )
        $customers = $rows | New-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        $customers.Email | Should -Be 'good.one@example.com', 'good.two@example.com'
        $failures | Should -HaveCount 4
        $failures.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'InvalidData'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEmail,*'
        $failures[0].Exception.Message | Should -Match 'Row 2'
        $failures[0].Exception.Message | Should -Match 'not-an-email'
        $failures[1].FullyQualifiedErrorId | Should -BeLike 'InvalidCountry,*'
        $failures[1].Exception.Message | Should -Match "'FR'"
        # The module leaves phone formats to the server: the row is sent, and the server's refusal is that row's error.
        $failures[2].FullyQualifiedErrorId | Should -BeLike 'ValidationError,*'
        $failures[2].Exception.Message | Should -Match 'Row 4: .*phoneNumber'
        $failures[2].TargetObject | Should -Be $rows[3]
        $failures[3].FullyQualifiedErrorId | Should -BeLike 'MissingRequiredField,*'
        $failures[3].Exception.Message | Should -Match 'firstName'
        $failures[1].TargetObject | Should -Be $rows[2]
        (Get-CreateCount) - $before | Should -Be 3
    }

    It 'rejects the same email twice in one run without a second request' {
        $before = Get-CreateCount
        $customers = (New-Row 'twice@example.com'), (New-Row 'TWICE@example.com') | New-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        @($customers) | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateEmailInInput,*'
        $failures[0].Exception.Message | Should -BeLike 'Row 2: *row 1*'
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        (Get-CreateCount) - $before | Should -Be 1
    }
}

Describe 'Safe re-runs' {
    It 'names the existing customer on a duplicate, and -ReturnExisting returns it marked as existing' {
        $first = New-Row 'rerun@example.com' | New-MerchantCustomer
        $null = New-Row 'rerun@example.com' | New-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CustomerAlreadyExists,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $failures[0].Exception.Message | Should -Match $first.Id
        $failures[0].Exception.Message | Should -BeLike 'Row 1: *'
        $failures[0].Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '-ReturnExisting'
        $again = New-Row 'rerun@example.com' | New-MerchantCustomer -ReturnExisting
        $again.Id | Should -Be $first.Id
        $again.AlreadyExisted | Should -BeTrue
    }

    It 'exports failed rows that re-import cleanly, and a re-run creates only what is missing' {
        $file = Join-Path $Work 'partial.csv'
        @((New-Row 'partial.a@example.com'), (New-Row 'partial.b@example.com' 'Germany'), (New-Row 'partial.c@example.com')) | Export-Csv $file
        $created = Import-Csv $file | New-MerchantCustomer -ErrorVariable e -ErrorAction SilentlyContinue
        $created | Should -HaveCount 2
        $failedFile = Join-Path $Work 'failed.csv'
        $e.TargetObject | Export-Csv $failedFile
        $failedRows = Import-Csv $failedFile
        $failedRows | Should -HaveCount 1
        $failedRows[0].Email | Should -Be 'partial.b@example.com'
        $failedRows[0].Country = 'DE'
        ($failedRows | New-MerchantCustomer).Email | Should -Be 'partial.b@example.com'

        $rerun = Import-Csv $file | ForEach-Object { if ($_.Country -eq 'Germany') { $_.Country = 'DE' }; $_ } |
            New-MerchantCustomer -ReturnExisting
        $rerun | Should -HaveCount 3
        @($rerun | Where-Object AlreadyExisted) | Should -HaveCount 3
    }
}

Describe 'Concurrency, order and streaming' {
    It 'keeps input order with many requests in flight' {
        Set-MerchantSandboxFault $Sandbox -Latency 15 | Out-Null
        try {
            $rows = 1..120 | ForEach-Object { New-Row ("order{0:d3}@example.com" -f $_) }
            $customers = $rows | New-MerchantCustomer -ThrottleLimit 16
            $customers.Email | Should -Be $rows.Email
        }
        finally { Set-MerchantSandboxFault $Sandbox -Latency 0 | Out-Null }
    }

    It 'streams: the first result is out long before the input ends' {
        $script:produced = 0
        $script:producedAtFirstOutput = $null
        & { foreach ($i in 1..80) { $script:produced++; New-Row ("stream{0:d3}@example.com" -f $i); Start-Sleep -Milliseconds 10 } } |
            New-MerchantCustomer -ThrottleLimit 2 |
            ForEach-Object { if ($null -eq $script:producedAtFirstOutput) { $script:producedAtFirstOutput = $script:produced } }
        $script:producedAtFirstOutput | Should -BeLessThan 20
    }

    It 'sends nothing with -WhatIf' {
        $before = Get-CreateCount
        $output = 1..3 | ForEach-Object { New-Row "whatif$_@example.com" } | New-MerchantCustomer -WhatIf
        $output | Should -BeNullOrEmpty
        (Get-CreateCount) | Should -Be $before
    }

    It 'ends with one Information record summarising the run' {
        $null = 1..2 | ForEach-Object { New-Row "summary$_@example.com" } | New-MerchantCustomer -InformationVariable info
        $summary = @($info | Where-Object { $_.Tags -contains 'Summary' })
        $summary | Should -HaveCount 1
        "$($summary[0].MessageData)" | Should -Match '2 created, 0 existing, 0 failed'
    }
}

Describe 'Retries and exactly-once' {
    It 'honours Retry-After given as an HTTP date' {
        Set-MerchantSandboxFault $Sandbox -ThrottleRate 0.3 -RetryAfter 1 -RetryAfterFormat date | Out-Null
        try {
            $customers = 1..10 | ForEach-Object { New-Row "retrydate$_@example.com" } | New-MerchantCustomer -ErrorVariable failures
            $customers | Should -HaveCount 10
            $failures | Should -HaveCount 0
        }
        finally { Set-MerchantSandboxFault $Sandbox -ThrottleRate 0 -RetryAfterFormat seconds | Out-Null }
    }

    It 'fails a row with Throttled once the retry budget is spent' {
        Set-MerchantSandboxFault $Sandbox -ThrottleRate 1 -RetryAfter 1 | Out-Null
        try {
            $null = New-Row 'budget@example.com' | New-MerchantCustomer -MaximumRetryCount 1 -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'Throttled,*'
            $failures[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        }
        finally { Set-MerchantSandboxFault $Sandbox -ThrottleRate 0 | Out-Null }
    }

    It 'onboards 1,000 rows through 5% 500s, 2% drops after commit and 429 bursts: exactly 1,000 stored, in order, no errors' -Tag Slow {
        $proof = Start-MerchantSandbox -FailureRate 0.05 -DropAfterCommitRate 0.02 -ThrottleRate 0.005 -ThrottleBurst 300 -RetryAfter 1 -Seed 42
        try {
            $context = Connect-MerchantApi -BaseUri $proof.Uri -MerchantId $proof.MerchantId -Credential $proof.Credential -PassThru
            $file = Join-Path $Work 'thousand.csv'
            1..1000 | ForEach-Object { New-Row ("bulk{0:d4}@example.com" -f $_) } | Export-Csv $file
            $customers = Import-Csv $file | New-MerchantCustomer -ThrottleLimit 16 -Context $context -ErrorVariable failures
            $failures | Should -HaveCount 0
            $customers | Should -HaveCount 1000
            $customers.Email | Should -Be (Import-Csv $file).Email
            $stats = Get-MerchantSandboxStats $proof
            $stats.customers | Should -Be 1000
            $stats.faults.failures | Should -BeGreaterThan 0
            $stats.faults.dropsAfterCommit | Should -BeGreaterThan 0
            $stats.faults.throttled | Should -BeGreaterThan 0
        }
        finally {
            Stop-MerchantSandbox $proof
            Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        }
    }
}
