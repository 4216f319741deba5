# Beyond create: Get-MerchantCustomer (details, find with paging) and Set-MerchantCustomer (fields, status, pipelines).
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox -RandomSecrets
    Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("customer-tests-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    function New-Row([string] $Email, [string] $Comment = '', [string] $FirstName = 'Camille', [string] $LastName = 'Martin') {
        [pscustomobject]@{
            Email = $Email; PhoneNumber = '+33612345678'; FirstName = $FirstName; LastName = $LastName; Comment = $Comment
            Country = 'FR'; VerificationDocumentId = 'FV633452'; ResidenceAddress = '5 Av. Anatole France, 75007 Paris'
        }
    }
    function Get-RequestCount([string] $Call) {
        $stats = Get-MerchantSandboxStats $Sandbox
        $byStatus = $stats.requests."/v2/customer/$Call"
        if ($null -eq $byStatus) { return 0 }
        [int](@($byStatus.PSObject.Properties.Value) | Measure-Object -Sum).Sum
    }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-MerchantCustomer by id' {
    BeforeAll {
        $script:Two = (New-Row 'get.one@example.com'), (New-Row 'get.two@example.com') | New-MerchantCustomer
    }

    It 'gets one customer by -Id' {
        $customer = Get-MerchantCustomer -Id $Two[0].Id
        $customer | Should -BeOfType ([MerchantApi.Customer])
        $customer.Email | Should -Be 'get.one@example.com'
        $customer.WalletId | Should -Be $Two[0].WalletId
    }

    It 'takes ids and Customer objects from the pipeline, in order' {
        ($Two.Id | Get-MerchantCustomer).Email | Should -Be 'get.one@example.com', 'get.two@example.com'
        ($Two | Get-MerchantCustomer).Id | Should -Be $Two.Id
    }

    It 'reports an unknown id as a non-terminating CustomerNotFound error and goes on' {
        $unknown = [guid]::NewGuid().ToString()
        $found = $Two[0].Id, $unknown, $Two[1].Id | Get-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Id | Should -Be $Two[0].Id, $Two[1].Id
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $unknown
        $failures[0].Exception.Message | Should -Match $unknown
    }
}

Describe 'Get-MerchantCustomer filters' {
    BeforeAll {
        $script:Referrer = New-Row 'filter.referrer@example.com' | New-MerchantCustomer
        $script:Target = New-MerchantCustomer -Email 'filter.target@example.com' -FirstName Zorro -LastName Vega -PhoneNumber '+34600111222' `
            -Country ES -VerificationDocumentId ES1 -ResidenceAddress Madrid -ExternalId 'CRM-FILTER-1' -Comment 'filter-comment-unique' `
            -ReferralId $Referrer.Id
    }

    It 'finds by <Name>' -ForEach @(
        @{ Name = 'Email'; Value = { 'filter.target@example.com' } }
        @{ Name = 'ExternalId'; Value = { 'CRM-FILTER-1' } }
        @{ Name = 'WalletId'; Value = { $Target.WalletId } }
        @{ Name = 'PhoneNumber'; Value = { '+34600111222' } }
        @{ Name = 'FullName'; Value = { 'Zorro Vega' } }
        @{ Name = 'Comment'; Value = { 'filter-comment-unique' } }
        @{ Name = 'ReferralId'; Value = { $Referrer.Id } }
    ) {
        $parameters = @{ $Name = (& $Value) }
        $found = @(Get-MerchantCustomer @parameters)
        $found | Should -HaveCount 1
        $found[0].Id | Should -Be $Target.Id
    }

    It 'finds by creation time with -CreatedAfter and -CreatedBefore' {
        $created = $Target.CreatedAt
        (Get-MerchantCustomer -CreatedAfter $created.AddMilliseconds(-1).UtcDateTime -CreatedBefore $created.AddMilliseconds(1).UtcDateTime).Id |
            Should -Contain $Target.Id
        @(Get-MerchantCustomer -CreatedAfter ([datetime]::UtcNow.AddDays(1))) | Should -HaveCount 0
    }

    It 'returns nothing (and no error or warning) when nothing matches' {
        $found = Get-MerchantCustomer -Email 'nobody.at.all@example.com' -ErrorVariable failures -WarningVariable warnings
        $found | Should -BeNullOrEmpty
        $failures | Should -HaveCount 0
        $warnings | Should -HaveCount 0
    }
}

Describe 'Get-MerchantCustomer with a wildcard in a filter' {
    BeforeAll {
        $script:Domain = 'wild' + [guid]::NewGuid().ToString('n').Substring(0, 8) + '.example.fr'
        $script:Wild = (New-Row "ana@$Domain" -FirstName Ana -LastName Lima), (New-Row "bea@$Domain" -FirstName Bea -LastName Lima) | New-MerchantCustomer
        $script:Starred = New-MerchantCustomer -Email "star@$Domain" -FirstName Star -LastName Literal -Country FR -VerificationDocumentId S1 `
            -ResidenceAddress Paris -ExternalId 'CRM*STAR'
    }

    It 'does not stop to ask under -Debug (a compiled cmdlet''s warnings would Inquire): the warning goes to Debug' {
        $text = & { Get-MerchantCustomer -Email "*@$Domain" -Debug } 5>&1 | Out-String
        $text | Should -Match "WARNING: -Email '\*@$([regex]::Escape($Domain))' found no customer"
    }

    It 'warns when -Email ''*@domain'' finds nothing, naming the parameter and the Where-Object way, and that way works' {
        $found = Get-MerchantCustomer -Email "*@$Domain" -WarningVariable warnings -WarningAction SilentlyContinue
        $found | Should -BeNullOrEmpty
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -Be ("-Email '*@$Domain' found no customer: the API does not read '*' or '?' as wildcards. To match a pattern, " +
            "leave -Email out and filter the results: Get-MerchantCustomer | Where-Object Email -like '*@$Domain' (this reads every customer; " +
            'other filters such as -CreatedAfter read fewer).')
        $advice = [regex]::Match($warnings[0].Message, 'filter the results: (.+) \(this reads').Groups[1].Value
        (& ([scriptblock]::Create($advice))).Id | Sort-Object | Should -Be (($Wild.Id + $Starred.Id) | Sort-Object)
    }

    It 'shows -FullName''s pattern against first and last name, quoting as PowerShell does' {
        $null = Get-MerchantCustomer -FullName "* O'Lima" -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -HaveCount 1
        $warnings[0].Message | Should -BeLike ("-FullName '* O''Lima' found no customer: *" +
            "Get-MerchantCustomer | Where-Object { ""`$(`$_.FirstName) `$(`$_.LastName)"" -like '* O''Lima' } (this reads*")
    }

    It 'does not warn when the value is found as given, or when there is no wildcard' {
        $found = Get-MerchantCustomer -ExternalId 'CRM*STAR' -WarningVariable warnings
        $found.Id | Should -Be $Starred.Id
        $warnings | Should -HaveCount 0
        $null = Get-MerchantCustomer -Email "nobody@$Domain" -WarningVariable warnings
        $warnings | Should -HaveCount 0
    }
}

Describe 'Get-MerchantCustomer paging' {
    BeforeAll {
        $script:Tag = 'paging-' + [guid]::NewGuid().ToString('n')
        $rows = 1..350 | ForEach-Object { New-Row ("page{0:d3}@example.com" -f $_) $Tag }
        $script:Created = $rows | New-MerchantCustomer -ThrottleLimit 16
    }

    It 'streams all 350 matches in 4 find requests of at most 100' {
        $Created | Should -HaveCount 350
        $before = Get-RequestCount find
        $found = Get-MerchantCustomer -Comment $Tag
        (Get-RequestCount find) - $before | Should -Be 4
        $found | Should -HaveCount 350
        @($found.Id | Sort-Object -Unique) | Should -HaveCount 350
    }

    It '-First 150 stops after 2 requests' {
        $before = Get-RequestCount find
        $found = Get-MerchantCustomer -Comment $Tag -First 150
        (Get-RequestCount find) - $before | Should -Be 2
        $found | Should -HaveCount 150
    }

    It '-Skip 340 asks the server to skip and needs 1 request for the last 10' {
        $all = Get-MerchantCustomer -Comment $Tag
        $before = Get-RequestCount find
        $found = Get-MerchantCustomer -Comment $Tag -Skip 340
        (Get-RequestCount find) - $before | Should -Be 1
        $found.Id | Should -Be ($all | Select-Object -Last 10).Id
    }

    It '-Skip 95 -First 10 crosses a page boundary in one request' {
        $all = Get-MerchantCustomer -Comment $Tag -First 105
        $before = Get-RequestCount find
        $found = Get-MerchantCustomer -Comment $Tag -Skip 95 -First 10
        (Get-RequestCount find) - $before | Should -Be 1
        $found.Id | Should -Be ($all | Select-Object -Skip 95).Id
    }

    It 'streams: Select-Object -First 5 downstream stops after the first page' {
        $before = Get-RequestCount find
        $found = Get-MerchantCustomer -Comment $Tag | Select-Object -First 5
        (Get-RequestCount find) - $before | Should -Be 1
        $found | Should -HaveCount 5
    }

    It '-PageSize 50 uses more, smaller pages' {
        $before = Get-RequestCount find
        $found = Get-MerchantCustomer -Comment $Tag -PageSize 50
        (Get-RequestCount find) - $before | Should -Be 8
        $found | Should -HaveCount 350
    }

    It '-IncludeTotalCount gives an exact total once every page has been read' {
        $output = Get-MerchantCustomer -Comment $Tag -IncludeTotalCount -Skip 300
        $total = $output | Where-Object { $_ -isnot [MerchantApi.Customer] }
        "$total" | Should -Match '350'
    }
}

Describe 'Set-MerchantCustomer' {
    It 'changes every updatable field by -Id, and -PassThru returns the updated customer' {
        $customer = New-Row 'set.all@example.com' | New-MerchantCustomer
        $quiet = Set-MerchantCustomer -Id $customer.Id -Comment 'quiet'
        $quiet | Should -BeNullOrEmpty
        $updated = Set-MerchantCustomer -Id $customer.Id -Email 'set.all.new@example.com' -PhoneNumber '+39 333 123 4567' -FirstName Giulia `
            -LastName Rossi -Comment 'moved' -ExternalId 'CRM-9' -Country it -VerificationDocumentId 'IT-77' -ResidenceAddress 'Via Roma 1, Milano' `
            -Itn 'RSSGLI80A01F205X' -Status Active -PassThru
        $updated.Id | Should -Be $customer.Id
        $updated.Email | Should -Be 'set.all.new@example.com'
        $updated.PhoneNumber | Should -Be '+393331234567'
        $updated.FirstName | Should -Be 'Giulia'
        $updated.LastName | Should -Be 'Rossi'
        $updated.Comment | Should -Be 'moved'
        $updated.ExternalId | Should -Be 'CRM-9'
        $updated.Country | Should -Be 'IT'
        $updated.VerificationDocumentId | Should -Be 'IT-77'
        $updated.ResidenceAddress | Should -Be 'Via Roma 1, Milano'
        $updated.Itn | Should -Be 'RSSGLI80A01F205X'
        $updated.Status | Should -Be 'Active'
        (Get-MerchantCustomer -Id $customer.Id).Email | Should -Be 'set.all.new@example.com'
    }

    It 'has no -ReferralId parameter (it cannot be updated)' {
        (Get-Command Set-MerchantCustomer).Parameters.Keys | Should -Not -Contain 'ReferralId'
    }

    It 'blocks what Get-MerchantCustomer finds: Get -Email x | Set -Status Blocked -Force' {
        $customer = New-Row 'block.me@example.com' | New-MerchantCustomer
        $blocked = Get-MerchantCustomer -Email 'block.me@example.com' | Set-MerchantCustomer -Status Blocked -Force -PassThru
        $blocked.Id | Should -Be $customer.Id
        $blocked.Status | Should -Be 'Blocked'
        # Only the status was sent: the other fields keep their values.
        $blocked.Email | Should -Be 'block.me@example.com'
        (Set-MerchantCustomer -Id $customer.Id -Status Active -PassThru).Status | Should -Be 'Active'
        (Set-MerchantCustomer -Id $customer.Id -Status Suspicious -Confirm:$false -PassThru).Status | Should -Be 'Suspicious'
    }

    It 'asks before blocking: a host that cannot ask gets ConfirmationRequired and nothing is sent' {
        $customer = New-Row 'confirm.me@example.com' | New-MerchantCustomer
        $before = Get-RequestCount update
        $ps = [powershell]::Create()   # no host UI: nobody can answer a prompt
        try {
            $null = $ps.AddScript({
                param($Module, $Id)
                Import-Module $Module
                $ConfirmPreference = 'High'
                Set-MerchantCustomer -Id $Id -Status Blocked -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
                $failures
            }).AddArgument($env:MERCHANTAPI_TEST_MODULE).AddArgument($customer.Id)
            $output = $ps.Invoke()
        }
        finally { $ps.Dispose() }
        $failure = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'ConfirmationRequired,*'
        $failure[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        @($output | Where-Object { $_ -is [MerchantApi.Customer] }) | Should -HaveCount 0
        (Get-RequestCount update) | Should -Be $before
        (Get-MerchantCustomer -Id $customer.Id).Status | Should -Be 'Active'
    }

    It 'blocks without asking when $ConfirmPreference is None, and asks nothing for other changes' {
        $customer = New-Row 'confirm.none@example.com' | New-MerchantCustomer
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Module, $Id)
                Import-Module $Module
                Set-MerchantCustomer -Id $Id -Comment 'no prompt for this' -PassThru
                $ConfirmPreference = 'None'
                Set-MerchantCustomer -Id $Id -Status Blocked -PassThru
            }).AddArgument($env:MERCHANTAPI_TEST_MODULE).AddArgument($customer.Id)
            $output = $ps.Invoke()
            $ps.Streams.Error | Should -HaveCount 0
        }
        finally { $ps.Dispose() }
        $output[0].Comment | Should -Be 'no prompt for this'
        $output[1].Status | Should -Be 'Blocked'
    }

    It 'sends nothing with -WhatIf' {
        $customer = New-Row 'set.whatif@example.com' | New-MerchantCustomer
        $before = Get-RequestCount update
        Set-MerchantCustomer -Id $customer.Id -Status Blocked -WhatIf | Should -BeNullOrEmpty
        (Get-RequestCount update) | Should -Be $before
    }

    It 'reports a provider-set status the merchant may not lift as Forbidden (PermissionDenied)' {
        $customer = New-Row 'provider.blocked@example.com' | New-MerchantCustomer
        $null = Set-MerchantSandboxCustomerStatus -Sandbox $Sandbox -Id $customer.Id -Status Blocked
        $null = Set-MerchantCustomer -Id $customer.Id -Status Active -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'Forbidden,*'
        $failures[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failures[0].Exception.Message | Should -Match 'provider'
        (Get-MerchantCustomer -Id $customer.Id).Status | Should -Be 'Blocked'
    }

    It 'says what to give when there is no customer to change' {
        Set-MerchantCustomer -Comment 'x' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'MissingCustomerId,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '-Id'
    }

    It 'reports an unknown id as CustomerNotFound with the id as target' {
        $unknown = [guid]::NewGuid().ToString()
        $null = Set-MerchantCustomer -Id $unknown -Comment x -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CustomerNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $unknown
    }

    It 'ends with one Information record summarising the run' {
        $a = New-Row 'set.summary.a@example.com' | New-MerchantCustomer
        $b = New-Row 'set.summary.b@example.com' | New-MerchantCustomer
        $ids = $a.Id, $b.Id, [guid]::NewGuid().ToString()
        $null = Set-MerchantCustomer -Id $ids -Comment 'summary' -InformationVariable info -ErrorAction SilentlyContinue
        $summary = @($info | Where-Object { $_.Tags -contains 'Summary' })
        $summary | Should -HaveCount 1
        "$($summary[0].MessageData)" | Should -Match '^Set-MerchantCustomer: 2 updated, 1 failed in '
    }
}

Describe 'Set-MerchantCustomer says what it will change' {
    BeforeAll {
        # -WhatIf lines go to the host only, as a user sees them: a transcript records them.
        function Get-WhatIfLine([scriptblock] $Script) {
            $file = Join-Path $Work ('whatif-' + [guid]::NewGuid().ToString('n') + '.txt')
            $null = Start-Transcript -Path $file
            try { $null = & $Script } finally { $null = Stop-Transcript }
            @(Get-Content $file | Where-Object { $_ -like 'What if: *' })
        }
    }

    It '-WhatIf names a piped customer by name, email and id and shows the new values, escaped and shortened' {
        $customer = New-Row 'whatif.named@example.com' -FirstName 'Léa' -LastName 'Dubois' | New-MerchantCustomer
        $before = Get-RequestCount update
        $comment = "two`nlines " + ('x' * 100)
        $lines = Get-WhatIfLine { $customer | Set-MerchantCustomer -Status Blocked -Comment $comment -WhatIf }
        $lines | Should -Be ("What if: Performing the operation ""Set comment = 'two\nlines $('x' * 49)...', status = Blocked"" " +
            "on target ""customer Léa Dubois <whatif.named@example.com> (id $($customer.Id))"".")
        (Get-RequestCount update) | Should -Be $before
    }

    It '-WhatIf names an id by the id and a row by its id and row number, with the values as they would be sent' {
        $customer = New-Row 'whatif.byid@example.com' | New-MerchantCustomer
        $lines = Get-WhatIfLine {
            Set-MerchantCustomer -Id $customer.Id -PhoneNumber '+33 6 00 00 00 09' -WhatIf
            [pscustomobject]@{ Id = $customer.Id; Email = 'whatif.renamed@EXAMPLE.com'; Surname = 'Durand' } | Set-MerchantCustomer -WhatIf
        }
        $lines | Should -Be @(
            "What if: Performing the operation ""Set phoneNumber = '+33600000009'"" on target ""customer $($customer.Id)""."
            "What if: Performing the operation ""Set email = 'whatif.renamed@example.com', lastName = 'Durand'"" on target ""customer $($customer.Id) (row 1)""."
        )
    }

    It 'a confirmation the host cannot ask names the piped customer, which is the error''s target' {
        $customer = New-Row 'confirm.named@example.com' -FirstName Noé -LastName Leroy | New-MerchantCustomer
        $ps = [powershell]::Create()   # no host UI: nobody can answer a prompt
        try {
            $null = $ps.AddScript({
                param($Module, $Customer)
                Import-Module $Module
                $Customer | Set-MerchantCustomer -Status Suspicious -ErrorVariable failures -ErrorAction SilentlyContinue
                $failures
            }).AddArgument($env:MERCHANTAPI_TEST_MODULE).AddArgument($customer)
            $failure = @($ps.Invoke())
        }
        finally { $ps.Dispose() }
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'ConfirmationRequired,*'
        $failure[0].Exception.Message | Should -BeLike "*customer Noé Leroy <confirm.named@example.com> (id $($customer.Id)) to Suspicious*"
        $failure[0].TargetObject.Id | Should -Be $customer.Id
        $failure[0].TargetObject | Should -BeOfType ([MerchantApi.Customer])
    }

    It 'Get-MerchantCustomer | Set-MerchantCustomer with no field to set is a NothingToChange error per customer, and nothing is sent' {
        $tag = 'nothing-' + [guid]::NewGuid().ToString('n')
        $created = (New-Row 'nothing.a@example.com' $tag), (New-Row 'nothing.b@example.com' $tag) | New-MerchantCustomer
        $before = Get-RequestCount update
        $output = Get-MerchantCustomer -Comment $tag | Set-MerchantCustomer -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        (Get-RequestCount update) | Should -Be $before
        $failures | Should -HaveCount 2
        # The find returns them in the server's order, which two customers created in the same millisecond do not fix.
        @($failures.TargetObject.Id | Sort-Object) | Should -Be @($created.Id | Sort-Object)
        foreach ($failure in $failures) {
            $failure.FullyQualifiedErrorId | Should -BeLike 'NothingToChange,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
            $failure.ErrorDetails.RecommendedAction | Should -Be ('Give a new value with -Email, -PhoneNumber, -FirstName, -LastName, -Comment, ' +
                '-ExternalId, -Country, -VerificationDocumentId, -ResidenceAddress, -Itn or -Status, or a column for one of them in each row. ' +
                'Of a piped customer only the Id is used.')
        }
        $first = @($failures | Where-Object { $_.TargetObject.Email -eq 'nothing.a@example.com' })[0]
        $first.Exception.Message | Should -BeLike "Row [12]: Nothing to change for customer Camille Martin <nothing.a@example.com> (id $($created[0].Id)):*"
    }

    It 'an id without a value, or a row with only its id and empty cells, is NothingToChange; the other rows are sent' {
        $a = New-Row 'nothing.row.a@example.com' | New-MerchantCustomer
        $b = New-Row 'nothing.row.b@example.com' | New-MerchantCustomer
        $before = Get-RequestCount update
        $null = Set-MerchantCustomer -Id $a.Id -Comment '' -ErrorVariable byId -ErrorAction SilentlyContinue
        $byId | Should -HaveCount 1
        $byId[0].FullyQualifiedErrorId | Should -BeLike 'NothingToChange,*'
        $byId[0].TargetObject | Should -Be $a.Id
        $rows = "Id,Comment,Referrer`n$($a.Id),,someone`n$($b.Id),changed," | ConvertFrom-Csv
        $updated = $rows | Set-MerchantCustomer -PassThru -ErrorVariable byRow -ErrorAction SilentlyContinue
        $updated.Id | Should -Be $b.Id
        $byRow | Should -HaveCount 1
        $byRow[0].FullyQualifiedErrorId | Should -BeLike 'NothingToChange,*'
        $byRow[0].TargetObject | Should -Be $rows[0]
        (Get-RequestCount update) - $before | Should -Be 1
    }
}

Describe 'Set-MerchantCustomer from a CSV' {
    It 'matches headers as New- does, reads the Id column, updates the email, validates first and keeps order' {
        $a = New-Row 'csv.a@example.com' | New-MerchantCustomer
        $b = New-Row 'csv.b@example.com' | New-MerchantCustomer
        $c = New-Row 'csv.c@example.com' | New-MerchantCustomer
        $file = Join-Path $Work 'updates.csv'
        @(
            'Id,E-mail,Surname,Mobile,Country Code,Status,Referrer,Favourite Colour'
            "$($a.Id),csv.a.new@example.com,Durand,+33 6 00 00 00 01,,,,blue"
            "$($b.Id),not-an-email,,,,,,"
            "$($c.Id),,Petit,,de,Suspicious,,"
        ) | Set-Content $file
        $before = Get-RequestCount update
        $rows = Import-Csv $file
        $updated = $rows | Set-MerchantCustomer -Force -PassThru -ThrottleLimit 4 -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose 4>&1 |
            Tee-Object -Variable all | Where-Object { $_ -is [MerchantApi.Customer] }
        $updated.Id | Should -Be $a.Id, $c.Id
        $updated[0].Email | Should -Be 'csv.a.new@example.com'
        $updated[0].LastName | Should -Be 'Durand'
        $updated[0].PhoneNumber | Should -Be '+33600000001'
        $updated[0].FirstName | Should -Be 'Camille'
        $updated[0].Country | Should -Be 'FR'
        $updated[1].LastName | Should -Be 'Petit'
        $updated[1].Country | Should -Be 'DE'
        $updated[1].Status | Should -Be 'Suspicious'
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidEmail,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].TargetObject | Should -Be $rows[1]
        (Get-RequestCount update) - $before | Should -Be 2
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'Favourite Colour' })
        $verbose | Should -HaveCount 1
        $verbose[0].Message | Should -Match 'Referrer'
    }

    It 'reports a row without an id as MissingRequiredField and sends nothing for it' {
        $before = Get-RequestCount update
        $null = [pscustomobject]@{ Email = 'no.id@example.com' } | Set-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'MissingRequiredField,*'
        (Get-RequestCount update) | Should -Be $before
    }

    It 'lets command-line values win over the row''s' {
        $customer = New-Row 'csv.override@example.com' | New-MerchantCustomer
        $updated = [pscustomobject]@{ Id = $customer.Id; Comment = 'from row'; Surname = 'Row' } | Set-MerchantCustomer -Comment 'from parameter' -PassThru
        $updated.Comment | Should -Be 'from parameter'
        $updated.LastName | Should -Be 'Row'
    }
}

Describe 'Same engine: concurrency, retries, refresh and secrecy' {
    It 'keeps input order with many updates in flight' {
        $tag = 'order-' + [guid]::NewGuid().ToString('n')
        $customers = 1..60 | ForEach-Object { New-Row ("set.order{0:d2}@example.com" -f $_) $tag } | New-MerchantCustomer -ThrottleLimit 16
        Set-MerchantSandboxFault $Sandbox -Latency 15 | Out-Null
        try {
            $updated = $customers | Set-MerchantCustomer -Comment "$tag-done" -ThrottleLimit 16 -PassThru
        }
        finally { Set-MerchantSandboxFault $Sandbox -Latency 0 | Out-Null }
        $updated.Id | Should -Be $customers.Id
        @(Get-MerchantCustomer -Comment "$tag-done") | Should -HaveCount 60
    }

    It 'retries reads and updates through server errors and 429s' {
        $tag = 'retry-' + [guid]::NewGuid().ToString('n')
        $customers = 1..20 | ForEach-Object { New-Row ("set.retry{0:d2}@example.com" -f $_) $tag } | New-MerchantCustomer
        Set-MerchantSandboxFault $Sandbox -FailureRate 0.3 -ThrottleRate 0.1 -RetryAfter 0 | Out-Null
        try {
            $updated = $customers | Set-MerchantCustomer -Comment "$tag-x" -PassThru -ErrorVariable setFailures
            $found = Get-MerchantCustomer -Comment "$tag-x" -PageSize 5 -ErrorVariable getFailures
        }
        finally { Set-MerchantSandboxFault $Sandbox -FailureRate 0 -ThrottleRate 0 -RetryAfter 1 | Out-Null }
        $setFailures | Should -HaveCount 0
        $getFailures | Should -HaveCount 0
        $updated | Should -HaveCount 20
        $found | Should -HaveCount 20
        (Get-MerchantSandboxStats $Sandbox).faults.failures | Should -BeGreaterThan 0
    }

    It 'refreshes an expired access token on its own' {
        $customer = New-Row 'refresh.me@example.com' | New-MerchantCustomer
        $before = (Get-MerchantSandboxStats $Sandbox).refreshes
        Set-MerchantSandboxFault $Sandbox -ClockSkew 3600 | Out-Null   # every access token issued so far is now expired
        try {
            (Get-MerchantCustomer -Id $customer.Id).Id | Should -Be $customer.Id
            (Set-MerchantCustomer -Id $customer.Id -Comment refreshed -PassThru).Comment | Should -Be 'refreshed'
        }
        finally { Set-MerchantSandboxFault $Sandbox -ClockSkew 0 | Out-Null }
        (Get-MerchantSandboxStats $Sandbox).refreshes | Should -BeGreaterThan $before
    }

    It 'never writes a secret to any stream, even with -Verbose and -Debug' {
        $customer = New-Row 'secret.check@example.com' | New-MerchantCustomer
        $text = & {
            Get-MerchantCustomer -Id $customer.Id -Verbose -Debug
            Get-MerchantCustomer -Email 'secret.check@example.com' -Verbose -Debug
            Set-MerchantCustomer -Id $customer.Id -Comment 'secret check' -PassThru -Verbose -Debug
            $null = Set-MerchantCustomer -Id ([guid]::NewGuid()) -Comment x -Verbose -Debug -ErrorAction SilentlyContinue -ErrorVariable e
            $e
        } *>&1 | Out-String -Width 4096
        $text | Should -Match 'customer/update -> 200'
        $secrets = @(Get-MerchantSandboxIssuedSecret $Sandbox | Where-Object { $_ })
        $secrets.Count | Should -BeGreaterThan 2
        foreach ($secret in $secrets) { $text.Contains($secret) | Should -BeFalse }
    }
}
