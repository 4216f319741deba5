# The first hour of a new user: ordinary files and ordinary mistakes. Nothing sent goes unreported under
# -ErrorAction Stop, duplicates are duplicates whether the earlier row was valid or not, a file read wrongly fails
# once, failures end with a warning, and errors name what the user gave (a column as spelled in the file, or a
# parameter).
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox
    Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    $script:ExcelExport = Join-Path $PSScriptRoot 'data' 'excel-export.csv'

    function New-Row([string] $Email, [string] $Country = 'FR') {
        [pscustomobject]@{
            Email = $Email; FirstName = 'Camille'; LastName = 'Martin'; Country = $Country
            VerificationDocumentId = 'FV633452'; ResidenceAddress = '5 Av. Anatole France, 75007 Paris'
        }
    }
    function Get-CreateCount { $stats = Get-MerchantSandboxStats $Sandbox; [int](@($stats.requests.'/v2/customer/create'.PSObject.Properties.Value | Measure-Object -Sum).Sum) }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Nothing created goes unreported under -ErrorAction Stop' {
    BeforeAll {
        Reset-MerchantSandbox $Sandbox
        # Row 51's email exists already: the server refuses it while up to 16 later rows are in flight (latency keeps
        # them there).
        $script:Rows = @(1..100 | ForEach-Object { New-Row ('stop{0:000}@example.com' -f $_) })
        $null = New-Row $Rows[50].Email | New-MerchantCustomer
        Set-MerchantSandboxFault $Sandbox -Latency 40
        $script:Before = Get-CreateCount
        $script:Stopped = $null
        try {
            $Rows | New-MerchantCustomer -ThrottleLimit 16 -ErrorAction Stop -OutVariable written -ErrorVariable failed | Out-Null
        }
        catch {
            $script:Stopped = $_
        }
        $script:Written = @($written)
        $script:Failed = @($failed)
        Set-MerchantSandboxFault $Sandbox -Latency 0
        $script:Stored = @(Get-MerchantCustomer)
    }

    It 'stops with row 51''s error' {
        $Stopped | Should -Not -BeNullOrEmpty
        ($Stopped.FullyQualifiedErrorId -split ',')[0] | Should -Be 'CustomerAlreadyExists'
        $Stopped.Exception.Row | Should -Be 51
        $Stopped.TargetObject | Should -Be $Rows[50]
    }

    It 'writes the customers created before row 51, and carries every customer created on the error, those of rows in flight included' {
        $createdNow = @($Stored | Where-Object Email -ne $Rows[50].Email)
        $createdNow.Count | Should -BeGreaterThan 50 -Because 'rows after 51 were in flight when its error came'
        $Written.Email | Should -Be $Rows[0..49].Email
        @($Stopped.Exception.CustomersBeforeStop.Email | Sort-Object) | Should -Be @($createdNow.Email | Sort-Object)
        $Stopped.Exception.CustomersBeforeStop[0..49].Email | Should -Be $Rows[0..49].Email
    }

    It 'accounts for every row it read, and sends no row once the failure is known' {
        $error51 = $Stopped.Exception
        $done = @($error51.CustomersBeforeStop.Email) + @($Rows[50].Email) + @($error51.RowsToRetry.Email)
        $last = ($done | ForEach-Object { [int]($_ -replace '\D') } | Measure-Object -Maximum).Maximum
        $last | Should -BeGreaterThan 51
        @($done | Sort-Object) | Should -Be @($Rows[0..($last - 1)].Email | Sort-Object) -Because 'no row read may vanish'
        $error51.RowsToRetry.Count | Should -BeGreaterThan 0 -Because 'rows were waiting for a slot when row 51 failed'
        # Created after the failure, or retried because not sent: the create requests are the created rows and row 51.
        (Get-CreateCount) - $Before | Should -Be ($error51.CustomersBeforeStop.Count + 1)
        $Failed | Should -HaveCount 1
    }
}

Describe 'Duplicates in the input are duplicates, valid or not' {
    BeforeAll { Reset-MerchantSandbox $Sandbox }

    It 'fails a later row whose email an invalid earlier row used, and creates neither' {
        $rows = @((New-Row 'twice.invalid@example.com' -Country 'Neverland'), (New-Row 'other@example.com'), (New-Row 'Twice.Invalid@example.com'))
        $created = @($rows | New-MerchantCustomer -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $created.Email | Should -Be 'other@example.com'
        $failed | Should -HaveCount 2
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'InvalidCountry'
        ($failed[1].FullyQualifiedErrorId -split ',')[0] | Should -Be 'DuplicateEmailInInput'
        $failed[1].Exception.Message | Should -BeLike 'Row 3: *row 1*'
        $failed[1].TargetObject | Should -Be $rows[2]
        Get-MerchantCustomer -Email 'twice.invalid@example.com' | Should -BeNullOrEmpty
    }

    It '-ReturnExisting warns about, and marks, an existing customer whose fields differ from the row' {
        $null = New-Row 'existing.differs@example.com' | New-MerchantCustomer
        $row = New-Row 'existing.differs@example.com'
        $row.FirstName = 'Camila'
        $same = New-Row 'existing.differs@example.com' | New-MerchantCustomer -ReturnExisting -WarningVariable quiet
        $same.FieldsDifferingFromInput | Should -BeNullOrEmpty
        $quiet | Should -BeNullOrEmpty
        $existing = $row | New-MerchantCustomer -ReturnExisting -WarningVariable warned -WarningAction SilentlyContinue
        $existing.AlreadyExisted | Should -BeTrue
        $existing.FirstName | Should -Be 'Camille'
        $existing.FieldsDifferingFromInput | Should -Be 'firstName'
        $warned | Should -HaveCount 1
        "$warned" | Should -BeLike "Row 1: customer 'existing.differs@example.com' already exists with other values for firstName*"
    }
}

Describe 'A file read wrongly fails once, clearly' {
    BeforeAll { Reset-MerchantSandbox $Sandbox }

    It 'stops at the first row of a ;-separated file read without -Delimiter, naming its columns and the fix' {
        $before = Get-CreateCount
        $failure = { Import-Csv $ExcelExport | New-MerchantCustomer -ErrorVariable failed } | Should -Throw -PassThru
        ($failure.FullyQualifiedErrorId -split ',')[0] | Should -Be 'NoColumnMatchesAField'
        $failure.CategoryInfo.Category | Should -Be 'InvalidData'
        $failure.Exception.Message | Should -BeLike "Row 1: None of the first row's columns names a customer field: it has 'E-mail;First Name;*"
        $failure.ErrorDetails.RecommendedAction | Should -BeLike "*Import-Csv -Delimiter ';'*"
        @($failed) | Should -HaveCount 1 -Because 'one error, not one per row'
        (Get-CreateCount) - $before | Should -Be 0
    }

    It 'fails a row whose text holds U+FFFD (read with the wrong encoding), suggesting -Encoding; the others go through' {
        $bad = New-Row 'misdecoded@example.com'
        $bad.FirstName = "Luc$([char]0xFFFD)a"
        $rows = @((New-Row 'decoded.fine@example.com'), $bad)
        $created = @($rows | New-MerchantCustomer -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $created.Email | Should -Be 'decoded.fine@example.com'
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'MisdecodedText'
        $failed[0].Exception.Message | Should -BeLike "Row 2: 'firstName' value 'Luc*a' holds U+FFFD*"
        $failed[0].ErrorDetails.RecommendedAction | Should -BeLike '*Import-Csv -Encoding*'
        $failed[0].TargetObject | Should -Be $bad
    }
}

Describe 'The summary is seen' {
    BeforeAll { Reset-MerchantSandbox $Sandbox }

    It 'ends a run with failures with a warning that counts them and says how to collect them' {
        $rows = @((New-Row 'summary.ok@example.com'), (New-Row 'summary.bad@example.com' -Country 'XX'))
        $null = $rows | New-MerchantCustomer -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -HaveCount 1
        "$warned" | Should -BeLike 'New-MerchantCustomer: 1 created, 0 existing, 1 failed in *-ErrorVariable*'
    }

    It 'writes no warning when every row succeeded, and the summary on the Information stream always' {
        $null = New-Row 'summary.fine@example.com' | New-MerchantCustomer -WarningVariable warned -InformationVariable info
        $warned | Should -BeNullOrEmpty
        "$info" | Should -BeLike 'New-MerchantCustomer: 1 created, 0 existing, 0 failed in *'
    }

    It 'does not stop to ask under -Debug (a compiled cmdlet''s warnings would Inquire): the warning goes to Debug' {
        $text = & { New-Row 'summary.debug@example.com' -Country 'XX' | New-MerchantCustomer -Debug -ErrorAction SilentlyContinue } 5>&1 | Out-String
        $text | Should -Match 'WARNING: New-MerchantCustomer: 0 created, 0 existing, 1 failed'
    }
}

Describe 'Errors name what the user gave' {
    BeforeAll { Reset-MerchantSandbox $Sandbox }

    It 'names the column as spelled in the file, then the API field, once per row' {
        $row = [pscustomobject]@{
            'E-mail' = 'named.column@example.com'; 'First Name' = 'Ann'; 'Last Name' = 'Lee'; 'Country Code' = 'Narnia'
            'Passport Number' = ' '; 'Home Address' = '1 Main St'
        }
        $null = $row | New-MerchantCustomer -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed | Should -HaveCount 1
        $message = $failed[0].Exception.Message
        $message | Should -BeLike "Row 1: 'Country Code' (country) value 'Narnia' is not an ISO 3166-1 alpha-2 code*"
        $message | Should -BeLike "*'Passport Number' (verificationDocumentId) is required but is missing or blank.*"
        ([regex]::Matches($message, 'Row \d+:')).Count | Should -Be 1
        $failed[0].Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        $failed[0].Exception.Row | Should -Be 1
        $failed[0].Exception.Field | Should -Be 'country'
        $failed[0].Exception.Email | Should -Be 'named.column@example.com'
    }

    It 'names the parameter for values given on the command line, with the parameters as TargetObject' {
        New-MerchantCustomer -Email 'not-an-address' -FirstName Ann -LastName Lee -Country FR -VerificationDocumentId P1 `
            -ResidenceAddress '1 Main St' -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].Exception.Message | Should -BeLike "Row 1: -Email (email) value 'not-an-address' is not a valid email address*"
        $failed[0].TargetObject.Email | Should -Be 'not-an-address'
        $failed[0].TargetObject.Country | Should -Be 'FR'
    }

    It 'says first what is wrong with the data, and the call and HTTP status last' {
        $null = New-Row 'http.last@example.com' | New-MerchantCustomer
        $null = New-Row 'http.last@example.com' | New-MerchantCustomer -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed[0].Exception.Message | Should -BeLike "Row 1: A customer with email 'http.last@example.com' already exists *"
        $failed[0].Exception.Message | Should -Not -Match 'failed with HTTP'
    }
}
