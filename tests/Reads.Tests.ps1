# The reads beyond customers: Get-MerchantBalance, Get-MerchantOperation and Get-MerchantRate, against the real sandbox
# over real HTTP. Filters that narrow, paging in the query with request counts, customers piped in, exact decimals,
# properties the server adds, per-item errors, faults survived, input order under -ThrottleLimit, the views, and the
# two everyday uses: a daily CSV report and the value of every balance in EUR.
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Invariant = [cultureinfo]::InvariantCulture

    # 5 seeded customers and 45 seeded operations over their wallets: the find, filter and paging tests read these.
    $script:Seeded = Start-MerchantSandbox -Customers 5 -Operations 45 -Seed 4242
    $script:SeededContext = Connect-MerchantApi -BaseUri $Seeded.Uri -MerchantId $Seeded.MerchantId -Credential $Seeded.Credential -PassThru
    # An empty sandbox for the tests that make their own customers, balances, operations and rates (the default context).
    $script:Sandbox = Start-MerchantSandbox -Seed 1101
    Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("read-tests-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory $Work

    function New-Tag { [guid]::NewGuid().ToString('n').Substring(0, 12) }
    # A new customer (and so a new wallet) in the default sandbox.
    function New-TestCustomer([string] $Tag = (New-Tag), [string] $Name = 'reads') {
        New-MerchantCustomer -Email "$Name.$Tag@example.com" -FirstName Read -LastName Tests -Country FR `
            -VerificationDocumentId FV633452 -ResidenceAddress 'Paris' -Comment $Tag
    }
    # Requests a sandbox answered on a path, all statuses or one.
    function Get-RequestCount($On, [string] $Path, [string] $Status) {
        $stats = Get-MerchantSandboxStats $On
        $byStatus = $stats.requests.PSObject.Properties[$Path]
        if (-not $byStatus) { return 0 }
        $counts = @($byStatus.Value.PSObject.Properties | Where-Object { -not $Status -or $_.Name -eq $Status } | ForEach-Object Value)
        [int](($counts | Measure-Object -Sum).Sum)
    }
    # A sum that stays decimal (Measure-Object sums as [double]).
    function Get-DecimalSum([object[]] $Values) {
        $sum = [decimal]0
        foreach ($value in $Values) { $sum += $value }
        $sum
    }
    # Amounts as invariant text: what a user reads back, so '0.10000000' and '0.1' differ.
    function ConvertTo-Text($Value) { if ($null -ne $Value) { $Value.ToString($script:Invariant) } }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-MerchantBalance' {
    It 'gives one Balance per asset, amounts as exact decimals: 0.1 + 0.2 is 0.3' {
        $customer = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $customer.WalletId -Balance @(
            @{ asset = 'BTC'; balance = '0.1'; holdBalance = '0.05'; lockBalance = '0.01'; referralBalance = '0.002' }
            @{ asset = 'ETH'; balance = '0.2'; holdBalance = '0'; lockBalance = '0'; referralBalance = '0' })
        $balances = @(Get-MerchantBalance -WalletId $customer.WalletId)
        $balances | Should -HaveCount 2
        foreach ($balance in $balances) {
            $balance | Should -BeOfType ([MerchantApi.Balance])
            $balance.WalletId | Should -Be $customer.WalletId
            $balance.Balance | Should -BeOfType ([decimal])
            $balance.HoldBalance | Should -BeOfType ([decimal])
            $balance.Balance | Should -Be $balance.Available
        }
        $balances.Asset | Should -Be 'BTC', 'ETH'
        ($balances | Measure-Object Balance -Sum).Sum -eq [decimal]0.3 | Should -BeTrue
        # Measure-Object sums as [double] and [double] compares equal to [decimal]0.3 after rounding; this sum cannot hide it.
        $sum = Get-DecimalSum $balances.Balance
        $sum | Should -BeOfType ([decimal])
        $sum | Should -Be ([decimal]'0.3')
        $btc = $balances[0]
        ConvertTo-Text $btc.HoldBalance | Should -BeExactly '0.05'
        ConvertTo-Text $btc.LockBalance | Should -BeExactly '0.01'
        ConvertTo-Text $btc.ReferralBalance | Should -BeExactly '0.002'
        $btc.CustomerId | Should -BeNullOrEmpty -Because 'a wallet id given as such names no customer'
    }

    It 'keeps 12345678901234.12345678 and trailing zeros exactly, which a [double] cannot' {
        $customer = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $customer.WalletId -Balance @(
            @{ asset = 'USDT'; balance = '12345678901234.12345678'; holdBalance = '0.10000000' }
            @{ asset = 'BTC'; balance = '0.00000001' })
        $usdt, $btc = Get-MerchantBalance -WalletId $customer.WalletId
        $usdt.Balance | Should -Be ([decimal]::Parse('12345678901234.12345678', $Invariant)) -Because 'a [decimal] cast of a string goes through [double]'
        ConvertTo-Text $usdt.Balance | Should -BeExactly '12345678901234.12345678'
        ConvertTo-Text $usdt.HoldBalance | Should -BeExactly '0.10000000'
        ConvertTo-Text $usdt.LockBalance | Should -BeExactly '0'
        $btc.Balance | Should -Be ([decimal]'0.00000001')
        ConvertTo-Text (Get-DecimalSum $usdt.Balance, $btc.Balance) | Should -BeExactly '12345678901234.12345679'
    }

    It 'keeps only the assets named by -Asset' {
        $customer = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $customer.WalletId -Balance @(
            @{ asset = 'BTC'; balance = '1' }, @{ asset = 'ETH'; balance = '2' }, @{ asset = 'USDT'; balance = '3' })
        (Get-MerchantBalance -WalletId $customer.WalletId -Asset USDT, BTC).Asset | Sort-Object | Should -Be 'BTC', 'USDT'
        @(Get-MerchantBalance -WalletId $customer.WalletId).Asset | Should -Be 'BTC', 'ETH', 'USDT'
    }

    It 'keeps what the server adds: extraThing and a nested object, as properties, in AdditionalProperties and in Format-List' {
        $customer = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $customer.WalletId -Balance @(
            @{ asset = 'BTC'; balance = '0.1'; holdBalance = '0'; lockBalance = '0'; referralBalance = '0'; extraThing = 'x-marks'
                network = @{ chain = 'bitcoin'; confirmations = 6 } })
        $balance = Get-MerchantBalance -WalletId $customer.WalletId
        $balance | Should -BeOfType ([MerchantApi.Balance])
        $balance.extraThing | Should -BeExactly 'x-marks'
        $balance.network.chain | Should -BeExactly 'bitcoin'
        $balance.network.confirmations | Should -Be 6
        $balance.AdditionalProperties.Keys | Sort-Object | Should -Be 'extraThing', 'network'
        $balance.PSObject.Properties['extraThing'].MemberType | Should -Be 'NoteProperty'
        $list = $balance | Format-List | Out-String -Width 200
        $list | Should -Match 'extraThing: x-marks'
        $list | Should -Match 'network'
    }

    It 'takes customers from the pipeline: each balance carries CustomerId and CustomerEmail, customers in order' {
        $tag = New-Tag
        $first = New-TestCustomer $tag 'pipe.first'
        $second = New-TestCustomer $tag 'pipe.second'
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $first.WalletId -Balance @(@{ asset = 'BTC'; balance = '1.5' }, @{ asset = 'EUR'; balance = '10' })
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $second.WalletId -Balance @(@{ asset = 'ETH'; balance = '2.5' })
        $balances = @(Get-MerchantCustomer -Comment $tag | Sort-Object Email | Get-MerchantBalance)
        $balances | Should -HaveCount 3
        $balances.CustomerEmail | Should -Be $first.Email, $first.Email, $second.Email
        $balances.CustomerId | Should -Be $first.Id, $first.Id, $second.Id
        $balances.WalletId | Should -Be $first.WalletId, $first.WalletId, $second.WalletId
        $balances.Asset | Should -Be 'BTC', 'EUR', 'ETH'
        ConvertTo-Text $balances[2].Balance | Should -BeExactly '2.5'
    }

    It 'takes wallet id strings and objects with a WalletId from the pipeline' {
        $one = New-TestCustomer
        $two = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $one.WalletId -Balance @(@{ asset = 'BTC'; balance = '0.7' })
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $two.WalletId -Balance @(@{ asset = 'UAH'; balance = '700' })
        $fromStrings = @($one.WalletId, $two.WalletId | Get-MerchantBalance)
        $fromStrings.WalletId | Should -Be $one.WalletId, $two.WalletId
        $fromStrings.Asset | Should -Be 'BTC', 'UAH'
        $rows = [pscustomobject]@{ WalletId = $two.WalletId; Note = 'csv row' }, [pscustomobject]@{ WalletId = $one.WalletId; Note = 'csv row' }
        $fromRows = @($rows | Get-MerchantBalance)
        $fromRows.WalletId | Should -Be $two.WalletId, $one.WalletId
        $fromRows.Asset | Should -Be 'UAH', 'BTC'
        $fromRows.CustomerEmail | Where-Object { $_ } | Should -BeNullOrEmpty
    }

    It 'reports an unknown wallet piped in as WalletNotFound for its row, with the input as TargetObject, and reads the others' {
        $one = New-TestCustomer
        $two = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $one.WalletId -Balance @(@{ asset = 'BTC'; balance = '1' })
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $two.WalletId -Balance @(@{ asset = 'ETH'; balance = '2' })
        $unknown = [guid]::NewGuid().ToString()
        $found = @($one.WalletId, $unknown, $two.WalletId | Get-MerchantBalance -ErrorVariable failures -ErrorAction SilentlyContinue `
                -WarningVariable warnings -WarningAction SilentlyContinue)
        $found.WalletId | Should -Be $one.WalletId, $two.WalletId
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WalletNotFound'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $unknown
        $failures[0].Exception.Message | Should -BeLike 'Row 2:*'
        $failures[0].Exception.Message | Should -Match $unknown
        $warnings | Should -HaveCount 1 -Because 'a piped run that had a failure says so'
    }

    It 'reports an unknown wallet given by -WalletId without a row number and without a warning' {
        $one = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $one.WalletId -Balance @(@{ asset = 'EUR'; balance = '5' })
        $unknown = [guid]::NewGuid().ToString()
        $found = @(Get-MerchantBalance -WalletId $unknown, $one.WalletId -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings)
        $found.WalletId | Should -Be $one.WalletId
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WalletNotFound'
        $failures[0].TargetObject | Should -Be $unknown
        $failures[0].Exception.Message | Should -Not -BeLike 'Row *'
        $warnings | Should -HaveCount 0
    }

    It 'outputs many wallets read at once (-ThrottleLimit 6, slow answers) grouped by wallet in input order' {
        $tag = New-Tag
        $customers = 1..12 | ForEach-Object { New-TestCustomer $tag "order$_" }
        $expected = foreach ($index in 0..11) {
            $assets = if ($index % 2) { 'BTC', 'ETH', 'USDT' } else { 'EUR', 'BTC' }
            $rows = foreach ($asset in $assets) { @{ asset = $asset; balance = "$($index + 1).$($assets.IndexOf($asset) + 1)" } }
            $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $customers[$index].WalletId -Balance @($rows)
            foreach ($row in $rows) { "$($customers[$index].WalletId) $($row.asset) $($row.balance)" }
        }
        # Six wallets in flight at once, each answer slowed: they finish in whatever order the threads get, so only the
        # cmdlet's ordering keeps the input order (wallet by wallet, each wallet's assets together).
        $null = Set-MerchantSandboxFault -Sandbox $Sandbox -Latency 120
        try {
            $balances = @($customers | Get-MerchantBalance -ThrottleLimit 6 -InformationVariable summary)
        }
        finally { $null = Set-MerchantSandboxFault -Sandbox $Sandbox -Latency 0 }
        @($balances | ForEach-Object { "$($_.WalletId) $($_.Asset) $(ConvertTo-Text $_.Balance)" }) | Should -Be @($expected)
        $balances.CustomerId | Select-Object -Unique | Should -Be $customers.Id
        $summary | Should -Not -BeNullOrEmpty -Because 'a piped run reports a summary on the Information stream'
    }
}

Describe 'Get-MerchantOperation finds with filters' {
    BeforeAll {
        # All 45 seeded operations in one request (-PageSize defaults to 100): what every filter is checked against.
        $script:All = @(Get-MerchantOperation -Context $SeededContext)
        # A value of a property held by some operations but not all (the most common one, so the filter has rows to check).
        function Get-NarrowingValue([string] $Property) {
            ($All | Group-Object $Property | Where-Object { $_.Name -and $_.Count -lt $All.Count } | Sort-Object Count -Descending |
                Select-Object -First 1).Name
        }
    }

    It 'finds all 45 seeded operations, typed, newest first' {
        $All | Should -HaveCount 45
        @($All.Id | Select-Object -Unique) | Should -HaveCount 45
        foreach ($operation in $All) {
            $operation | Should -BeOfType ([MerchantApi.Operation])
            $operation.SourceAmount | Should -BeOfType ([decimal])
            $operation.TargetAmount | Should -BeOfType ([decimal])
            $operation.Fee | Should -BeOfType ([decimal])
            $operation.CreatedAt | Should -BeOfType ([DateTimeOffset])
            $operation.UpdatedAt | Should -BeOfType ([DateTimeOffset])
        }
        $times = $All.CreatedAt
        @($times | Sort-Object -Descending) | Should -Be @($times)
    }

    It 'narrows by -<Name>: every result matches and exactly the matching operations come back' -ForEach @(
        @{ Name = 'Type' }, @{ Name = 'Status' }, @{ Name = 'WalletId' }, @{ Name = 'SourceAsset' }, @{ Name = 'TargetAsset' }
    ) {
        $value = Get-NarrowingValue $Name
        $value | Should -Not -BeNullOrEmpty
        $expected = @($All | Where-Object $Name -eq $value)
        $parameters = @{ $Name = $value }
        $found = @(Get-MerchantOperation @parameters -Context $SeededContext)
        $found.Count | Should -BeLessThan $All.Count
        $found.Count | Should -BeGreaterThan 0
        foreach ($operation in $found) { $operation.$Name | Should -Be $value }
        $found.Id | Should -Be $expected.Id
    }

    It 'narrows by -ExternalId to the one operation' {
        $target = $All[17]
        $found = @(Get-MerchantOperation -ExternalId $target.ExternalId -Context $SeededContext)
        $found | Should -HaveCount 1
        $found[0].Id | Should -Be $target.Id
        $found[0].ExternalId | Should -BeExactly $target.ExternalId
    }

    It 'narrows by -CreatedAfter, -CreatedBefore and both (inclusive)' {
        $newer = $All[9].CreatedAt
        $older = $All[30].CreatedAt
        $after = @(Get-MerchantOperation -CreatedAfter $newer.UtcDateTime -Context $SeededContext)
        $after.Id | Should -Be @($All | Where-Object CreatedAt -ge $newer).Id
        $after.Count | Should -BeLessThan $All.Count
        $before = @(Get-MerchantOperation -CreatedBefore $older.UtcDateTime -Context $SeededContext)
        $before.Id | Should -Be @($All | Where-Object CreatedAt -le $older).Id
        $before.Count | Should -BeLessThan $All.Count
        foreach ($operation in $before) { $operation.CreatedAt | Should -BeLessOrEqual $older }
        $between = @(Get-MerchantOperation -CreatedAfter $older.UtcDateTime -CreatedBefore $newer.UtcDateTime -Context $SeededContext)
        $between.Id | Should -Be @($All | Where-Object { $_.CreatedAt -ge $older -and $_.CreatedAt -le $newer }).Id
        $between.Id | Should -Contain $All[9].Id
        $between.Id | Should -Contain $All[30].Id
        @(Get-MerchantOperation -CreatedAfter ([datetime]::UtcNow.AddDays(1)) -Context $SeededContext) | Should -HaveCount 0
    }

    It 'combines filters: -Type and -Status together' {
        $pair = $All | Group-Object Type, Status | Sort-Object Count -Descending | Select-Object -First 1
        $type, $status = $pair.Group[0].Type, $pair.Group[0].Status
        $found = @(Get-MerchantOperation -Type $type -Status $status -Context $SeededContext)
        $found.Id | Should -Be @($All | Where-Object { $_.Type -eq $type -and $_.Status -eq $status }).Id
    }

    It 'accepts -Type and -Status in any case and sends the documented spelling (the sandbox reads only that)' {
        $before = Get-RequestCount $Seeded '/v2/operation/find' '400'
        $lower = @(Get-MerchantOperation -Status completed -Type DEPOSITWITHEXCHANGE -Context $SeededContext)
        $lower.Count | Should -BeGreaterThan 0
        $lower.Id | Should -Be @($All | Where-Object { $_.Status -ceq 'Completed' -and $_.Type -ceq 'DepositWithExchange' }).Id
        (Get-RequestCount $Seeded '/v2/operation/find' '400') | Should -Be $before
    }

    It 'refuses an undocumented -<Parameter> before sending: terminating <ErrorId>, InvalidArgument' -ForEach @(
        @{ Parameter = 'Type'; Value = 'Refund'; ErrorId = 'UnknownOperationType' }
        @{ Parameter = 'Status'; Value = 'Pending'; ErrorId = 'UnknownOperationStatus' }
    ) {
        $before = Get-RequestCount $Seeded '/v2/operation/find'
        $parameters = @{ $Parameter = $Value; Context = $SeededContext }
        $failure = { Get-MerchantOperation @parameters -ErrorAction Continue } | Should -Throw -PassThru
        ($failure.FullyQualifiedErrorId -split ',')[0] | Should -Be $ErrorId
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match $Value
        (Get-RequestCount $Seeded '/v2/operation/find') | Should -Be $before
    }

    It 'tab-completes the documented -Status and -Type values' {
        $line = 'Get-MerchantOperation -Status On'
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Contain 'OnHold'
        $line = 'Get-MerchantOperation -Status '
        $statuses = (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText
        foreach ($status in 'Created', 'Processing', 'OnHold', 'Declined', 'Completed') { $statuses | Should -Contain $status }
        $line = 'Get-MerchantOperation -Type Dep'
        $types = (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText
        $types | Should -Contain 'Deposit'
        $types | Should -Contain 'DepositWithExchange'
        $types | Should -Not -Contain 'Withdraw'
    }
}

Describe 'Get-MerchantOperation paging' {
    BeforeAll {
        $script:All = @(Get-MerchantOperation -Context $SeededContext)
        function Get-FindCount { Get-RequestCount $Seeded '/v2/operation/find' }
    }

    It 'pages 45 operations 10 at a time in 5 requests, the same operations in the same order' {
        $before = Get-FindCount
        $paged = @(Get-MerchantOperation -PageSize 10 -Context $SeededContext)
        (Get-FindCount) - $before | Should -Be 5
        $paged.Id | Should -Be $All.Id
    }

    It 'stops after -First 15 with -PageSize 10: 2 requests, the newest 15' {
        $before = Get-FindCount
        $first = @(Get-MerchantOperation -First 15 -PageSize 10 -Context $SeededContext)
        (Get-FindCount) - $before | Should -Be 2
        $first.Id | Should -Be $All[0..14].Id
    }

    It 'skips with -Skip: -Skip 20 -First 10 -PageSize 10 is one request for operations 21 to 30' {
        $before = Get-FindCount
        $page = @(Get-MerchantOperation -Skip 20 -First 10 -PageSize 10 -Context $SeededContext)
        (Get-FindCount) - $before | Should -Be 1
        $page.Id | Should -Be $All[20..29].Id
    }

    It 'reads the rest after -Skip 12 with -PageSize 10 in 4 requests' {
        $before = Get-FindCount
        $rest = @(Get-MerchantOperation -Skip 12 -PageSize 10 -Context $SeededContext)
        (Get-FindCount) - $before | Should -Be 4
        $rest.Id | Should -Be $All[12..44].Id
    }

    It 'pages a filter too: -Status with -PageSize 2 gives what one request gives' {
        $status = $All[0].Status
        $expected = @($All | Where-Object Status -eq $status)
        $before = Get-FindCount
        $paged = @(Get-MerchantOperation -Status $status -PageSize 2 -Context $SeededContext)
        $paged.Id | Should -Be $expected.Id
        (Get-FindCount) - $before | Should -Be ([math]::Floor($expected.Count / 2) + 1)
    }

    It 'reports the total with -IncludeTotalCount once the last page came back short' {
        $out = @(Get-MerchantOperation -PageSize 10 -IncludeTotalCount -Context $SeededContext)
        $total = $out | Where-Object { $_ -isnot [MerchantApi.Operation] }
        @($out | Where-Object { $_ -is [MerchantApi.Operation] }) | Should -HaveCount 45
        $total.ToString() | Should -Match '45'
        $total.ToString() | Should -Not -Match 'Unknown|Estimated'
    }
}

Describe 'Get-MerchantOperation by id' {
    It 'gets operations by -Id, typed, and reports an unknown id as OperationNotFound while the others are still output' {
        $known = @(Get-MerchantOperation -First 2 -Context $SeededContext)
        $unknown = [guid]::NewGuid().ToString()
        $found = @(Get-MerchantOperation -Id $known[0].Id, $unknown, $known[1].Id -Context $SeededContext -ErrorVariable failures -ErrorAction SilentlyContinue)
        $found.Id | Should -Be $known[0].Id, $known[1].Id
        $found[0] | Should -BeOfType ([MerchantApi.Operation])
        ConvertTo-Text $found[0].SourceAmount | Should -BeExactly (ConvertTo-Text $known[0].SourceAmount)
        $found[0].CreatedAt | Should -Be $known[0].CreatedAt
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'OperationNotFound'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be $unknown
        $failures[0].Exception.Message | Should -Match $unknown
    }

    It 'takes ids from the pipeline' {
        $known = @(Get-MerchantOperation -First 3 -Context $SeededContext)
        ($known.Id | Get-MerchantOperation -Context $SeededContext).Id | Should -Be $known.Id
    }

    It 'keeps what the server adds: riskScore and a nested object, readable as properties and shown by Format-List' {
        $customer = New-TestCustomer
        $id = [guid]::NewGuid().ToString()
        $null = Add-MerchantSandboxOperation -Sandbox $Sandbox -Operation @(@{ id = $id; walletId = $customer.WalletId; type = 'Deposit'
                status = 'OnHold'; sourceAsset = 'BTC'; targetAsset = 'BTC'; sourceAmount = '0.5'; targetAmount = '0.4975'; fee = '0.0025'
                riskScore = 7; screening = @{ provider = 'acme-aml'; flags = @('mixer', 'new-address') } })
        foreach ($operation in (Get-MerchantOperation -Id $id), (Get-MerchantOperation -WalletId $customer.WalletId)) {
            $operation | Should -BeOfType ([MerchantApi.Operation])
            $operation.Id | Should -Be $id
            $operation.riskScore | Should -Be 7
            $operation.screening.provider | Should -BeExactly 'acme-aml'
            $operation.screening.flags | Should -Be 'mixer', 'new-address'
            $operation.AdditionalProperties.Keys | Sort-Object | Should -Be 'riskScore', 'screening'
            ConvertTo-Text $operation.TargetAmount | Should -BeExactly '0.4975'
        }
        $list = Get-MerchantOperation -Id $id | Format-List | Out-String -Width 200
        $list | Should -Match 'riskScore: 7'
        $list | Should -Match 'screening'
        $list | Should -Match 'OnHold'
    }
}

Describe 'Get-MerchantOperation with customers piped in' {
    It 'gives the operations of the piped customer''s wallet only' {
        $tag = New-Tag
        $mine = New-TestCustomer $tag 'ops.mine'
        $other = New-TestCustomer $tag 'ops.other'
        $myIds = 1..3 | ForEach-Object { [guid]::NewGuid().ToString() }
        $otherIds = 1..2 | ForEach-Object { [guid]::NewGuid().ToString() }
        $start = [datetime]::UtcNow.AddMinutes(-30)
        $rows = @(
            foreach ($index in 0..2) { @{ id = $myIds[$index]; walletId = $mine.WalletId; type = 'Deposit'; status = 'Completed'; sourceAsset = 'EUR'
                    targetAsset = 'EUR'; sourceAmount = "1$index.5"; createdAt = $start.AddMinutes($index).ToString('o') } }
            foreach ($index in 0..1) { @{ id = $otherIds[$index]; walletId = $other.WalletId; type = 'Withdraw'; status = 'Processing'; sourceAsset = 'BTC'
                    targetAsset = 'BTC'; sourceAmount = '0.3'; createdAt = $start.AddMinutes(10 + $index).ToString('o') } })
        $null = Add-MerchantSandboxOperation -Sandbox $Sandbox -Operation $rows
        $found = @(Get-MerchantCustomer -Email $mine.Email | Get-MerchantOperation)
        $found | Should -HaveCount 3
        $found.WalletId | Select-Object -Unique | Should -Be $mine.WalletId
        $found.Id | Should -Be $myIds[2], $myIds[1], $myIds[0] -Because 'newest first'
        $both = @($mine, $other | Get-MerchantOperation)
        ($both.Id | Sort-Object) | Should -Be (($myIds + $otherIds) | Sort-Object)
    }
}

Describe 'Get-MerchantRate' {
    BeforeAll {
        $null = Set-MerchantSandboxRate -Sandbox $Sandbox -Rate @(
            @{ asset = 'BTC'; equivalent = @{ EUR = '59000.5'; USD = '64000'; UAH = '2601219.43319838' } }
            @{ asset = 'ETH'; equivalent = @{ EUR = '2878.2'; USD = '3120.55' } }
            @{ asset = 'USDT'; equivalent = @{ EUR = '0.92261575'; USD = '1.0003' } })
    }

    It 'gives exactly one Rate for -Asset BTC -Currency EUR, the value set, as a decimal' {
        $rate = @(Get-MerchantRate -Asset BTC -Currency EUR)
        $rate | Should -HaveCount 1
        $rate[0] | Should -BeOfType ([MerchantApi.Rate])
        $rate[0].Asset | Should -BeExactly 'BTC'
        $rate[0].Currency | Should -BeExactly 'EUR'
        $rate[0].Value | Should -BeOfType ([decimal])
        $rate[0].Value | Should -Be ([decimal]'59000.5')
        ConvertTo-Text (Get-MerchantRate BTC UAH).Value | Should -BeExactly '2601219.43319838'
    }

    It 'gives one Rate per asset and currency, and takes wildcards' {
        $all = @(Get-MerchantRate)
        $all | Should -HaveCount 7
        @($all | ForEach-Object { "$($_.Asset)/$($_.Currency)" } | Sort-Object) |
            Should -Be 'BTC/EUR', 'BTC/UAH', 'BTC/USD', 'ETH/EUR', 'ETH/USD', 'USDT/EUR', 'USDT/USD'
        @(Get-MerchantRate -Currency EUR).Asset | Should -Be 'BTC', 'ETH', 'USDT'
        @(Get-MerchantRate -Asset '*T*' -Currency 'U*' | ForEach-Object { "$($_.Asset)/$($_.Currency)" } | Sort-Object) |
            Should -Be 'BTC/UAH', 'BTC/USD', 'ETH/USD', 'USDT/USD'
        @(Get-MerchantRate -Asset eth -Currency eur).Value | Should -Be ([decimal]'2878.2')
    }

    It 'reports a name without wildcards that matches nothing as RateNotFound, and still outputs the others' {
        $found = @(Get-MerchantRate -Asset BTC, XRP -Currency EUR -ErrorVariable failures -ErrorAction SilentlyContinue)
        $found.Asset | Should -Be 'BTC'
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'RateNotFound'
        $failures[0].TargetObject | Should -Be 'XRP'
        $null = Get-MerchantRate -Asset 'X*' -ErrorVariable none
        $none | Should -HaveCount 0 -Because 'a wildcard that matches nothing is no error'
        $null = Get-MerchantRate -Currency GBP -ErrorVariable currency -ErrorAction SilentlyContinue
        ($currency[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'RateNotFound'
    }

    It 'values every balance of a wallet in EUR exactly: balances times rates, summed as decimals' {
        $customer = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $customer.WalletId -Balance @(
            @{ asset = 'BTC'; balance = '0.5' }, @{ asset = 'ETH'; balance = '2.25' }, @{ asset = 'USDT'; balance = '100.123456' })
        $rates = @{}
        Get-MerchantRate -Currency EUR | ForEach-Object { $rates[$_.Asset] = $_.Value }
        $total = [decimal]0
        foreach ($balance in Get-MerchantBalance -WalletId $customer.WalletId) { $total += $balance.Balance * $rates[$balance.Asset] }
        # 0.5 * 59000.5 + 2.25 * 2878.2 + 100.123456 * 0.92261575, worked out by hand.
        $total | Should -BeOfType ([decimal])
        $total | Should -Be ([decimal]::Parse('36068.575477450032', $Invariant))
        ConvertTo-Text $total | Should -BeExactly '36068.57547745003200'
    }
}

Describe 'The views' {
    BeforeAll {
        $script:ViewCustomer = New-TestCustomer
        $null = Set-MerchantSandboxBalance -Sandbox $Sandbox -WalletId $ViewCustomer.WalletId -Balance @(
            @{ asset = 'BTC'; balance = '0.31151714'; holdBalance = '0.00012345'; lockBalance = '0.5' }
            @{ asset = 'USDT'; balance = '12345678901234.12345678' })
        $script:ViewOperationId = [guid]::NewGuid().ToString()
        $null = Add-MerchantSandboxOperation -Sandbox $Sandbox -Operation @(@{ id = $ViewOperationId; walletId = $ViewCustomer.WalletId
                type = 'CryptoExchange'; status = 'Completed'; sourceAsset = 'BTC'; targetAsset = 'ETH'; sourceAmount = '0.31151714'
                targetAmount = '6.41373025'; fee = '0.00155758' })
        $script:BigOperationId = [guid]::NewGuid().ToString()
        $null = Add-MerchantSandboxOperation -Sandbox $Sandbox -Operation @(@{ id = $BigOperationId; walletId = $ViewCustomer.WalletId
                type = 'Withdraw'; status = 'Completed'; sourceAsset = 'USDT'; targetAsset = 'USDT'; sourceAmount = '12345678901234.12345678'
                targetAmount = '12345678901233.12345678'; fee = '1' })
        $null = Set-MerchantSandboxRate -Sandbox $Sandbox -Rate @(@{ asset = 'BTC'; equivalent = @{ EUR = '59260.39476111' } })
    }

    It 'shows a balance''s key columns and every digit in Format-Table and Format-List' {
        $balances = Get-MerchantBalance -WalletId $ViewCustomer.WalletId
        $table = $balances | Format-Table | Out-String -Width 200
        $table | Should -Match 'WalletId\s+Asset\s+Balance\s+HoldBalance\s+LockBalance'
        $table | Should -Match ([regex]::Escape($ViewCustomer.WalletId))
        $table | Should -Match 'BTC\s+0\.31151714\s+0\.00012345\s+0\.5'
        ($balances | Format-Table -AutoSize | Out-String -Width 200) | Should -Match '0\.31151714'
        $list = $balances | Format-List | Out-String -Width 200
        $list | Should -Match 'Balance\s+: 0\.31151714'
        $list | Should -Match 'Asset\s+: USDT'
        $list | Should -Match 'Balance\s+: 12345678901234\.12345678'
    }

    It 'shows a big balance and a big operation amount in full with Format-Table -AutoSize' {
        $balance = Get-MerchantBalance -WalletId $ViewCustomer.WalletId -Asset USDT
        $balance | Format-Table -AutoSize | Out-String -Width 200 | Should -Match 'USDT\s+12345678901234\.12345678\s'
        $operation = Get-MerchantOperation -Id $BigOperationId
        $operation | Format-Table -AutoSize | Out-String -Width 200 | Should -Match '12345678901234\.12345678 USDT\s+12345678901233\.12345678 USDT'
    }

    # An amount column with a fixed width would cut a long amount from the left ('…78901234.12345678'): a wrong number.
    It 'shows a big balance and a big operation amount in full in the default table at width 200' {
        $table = Get-MerchantBalance -WalletId $ViewCustomer.WalletId -Asset USDT | Format-Table | Out-String -Width 200
        $table | Should -Match 'USDT\s+12345678901234\.12345678\s'
        $table = Get-MerchantOperation -Id $BigOperationId | Format-Table | Out-String -Width 200
        $table | Should -Match '12345678901234\.12345678 USDT\s+12345678901233\.12345678 USDT'
    }

    It 'shows an operation''s key columns and every digit in Format-Table and Format-List' {
        $operation = Get-MerchantOperation -Id $ViewOperationId
        $table = $operation | Format-Table | Out-String -Width 200
        $table | Should -Match 'Type\s+Status\s+Source\s+Target\s+Id'
        $table | Should -Match 'CryptoExchange\s+Completed\s+0\.31151714 BTC\s+6\.41373025 ETH'
        $table | Should -Match $ViewOperationId
        ($operation | Format-Table -AutoSize | Out-String -Width 200) | Should -Match '0\.31151714 BTC'
        $list = $operation | Format-List | Out-String -Width 200
        $list | Should -Match 'SourceAmount\s+: 0\.31151714'
        $list | Should -Match 'Fee\s+: 0\.00155758'
        $list | Should -Match "WalletId\s+: $($ViewCustomer.WalletId)"
    }

    It 'shows a rate in Format-Table and Format-List with every digit' {
        $rate = Get-MerchantRate BTC EUR
        $table = $rate | Format-Table | Out-String -Width 200
        $table | Should -Match 'Asset\s+Currency\s+Value'
        $table | Should -Match 'BTC\s+EUR\s+59260\.39476111'
        $rate | Format-List | Out-String -Width 200 | Should -Match 'Value\s+: 59260\.39476111'
    }
}

Describe 'The daily report' {
    It 'exports today''s completed operations with Export-Csv, the amounts as exact text' {
        $customer = New-TestCustomer
        $today = @(
            @{ id = [guid]::NewGuid().ToString(); walletId = $customer.WalletId; type = 'Deposit'; status = 'Completed'; sourceAsset = 'BTC'
                targetAsset = 'BTC'; sourceAmount = '0.10000000'; targetAmount = '0.09950000'; fee = '0.00050000'; externalId = "rep-$(New-Tag)" }
            @{ id = [guid]::NewGuid().ToString(); walletId = $customer.WalletId; type = 'Withdraw'; status = 'Completed'; sourceAsset = 'USDT'
                targetAsset = 'USDT'; sourceAmount = '12345678901234.12345678'; targetAmount = '12345678901233.12345678'; fee = '1' })
        $notCompleted = @{ id = [guid]::NewGuid().ToString(); walletId = $customer.WalletId; type = 'Deposit'; status = 'Processing'
            sourceAsset = 'EUR'; targetAsset = 'EUR'; sourceAmount = '5' }
        $yesterday = @{ id = [guid]::NewGuid().ToString(); walletId = $customer.WalletId; type = 'Deposit'; status = 'Completed'
            sourceAsset = 'EUR'; targetAsset = 'EUR'; sourceAmount = '6'; createdAt = (Get-Date).Date.AddHours(-2).ToUniversalTime().ToString('o') }
        $null = Add-MerchantSandboxOperation -Sandbox $Sandbox -Operation ($today + $notCompleted + $yesterday)

        $file = Join-Path $Work "operations-$(New-Tag).csv"
        Get-MerchantOperation -CreatedAfter (Get-Date).Date -Status Completed | Export-Csv -LiteralPath $file -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $file)
        foreach ($row in $rows) {
            $row.Status | Should -BeExactly 'Completed'
            [DateTimeOffset]::Parse($row.CreatedAt, $Invariant) | Should -BeGreaterOrEqual ([DateTimeOffset](Get-Date).Date)
        }
        $mine = @($rows | Where-Object WalletId -eq $customer.WalletId)
        ($mine.Id | Sort-Object) | Should -Be (@($today.id) | Sort-Object)
        $deposit = $mine | Where-Object Id -eq $today[0].id
        $deposit.SourceAmount | Should -BeExactly '0.10000000'
        $deposit.TargetAmount | Should -BeExactly '0.09950000'
        $deposit.Fee | Should -BeExactly '0.00050000'
        $deposit.ExternalId | Should -BeExactly $today[0].externalId
        $withdraw = $mine | Where-Object Id -eq $today[1].id
        $withdraw.SourceAmount | Should -BeExactly '12345678901234.12345678'
        $withdraw.TargetAmount | Should -BeExactly '12345678901233.12345678'
    }
}

Describe 'Reads through injected faults' {
    BeforeAll {
        $script:Faulty = Start-MerchantSandbox -Customers 8 -Operations 45 -Seed 7070
        $script:FaultyContext = Connect-MerchantApi -BaseUri $Faulty.Uri -MerchantId $Faulty.MerchantId -Credential $Faulty.Credential -PassThru
        # What a run without faults gives, to compare against.
        $script:Customers = @(Get-MerchantCustomer -Context $FaultyContext)
        $script:CleanBalances = @($Customers | Get-MerchantBalance -Context $FaultyContext | ForEach-Object { "$($_.WalletId) $($_.Asset) $(ConvertTo-Text $_.Balance) $(ConvertTo-Text $_.HoldBalance)" })
        $script:CleanOperations = @(Get-MerchantOperation -Context $FaultyContext | ForEach-Object { "$($_.Id) $($_.Status) $(ConvertTo-Text $_.SourceAmount)" })
        $script:CleanRates = @(Get-MerchantRate -Context $FaultyContext | ForEach-Object { "$($_.Asset) $($_.Currency) $(ConvertTo-Text $_.Value)" })
        $null = Set-MerchantSandboxFault -Sandbox $Faulty -FailureRate 0.2 -ThrottleRate 0.08 -ThrottleBurst 200 -RetryAfter 1
    }
    AfterAll {
        $null = Set-MerchantSandboxFault -Sandbox $Faulty -FailureRate 0 -ThrottleRate 0
    }

    It 'gives complete, correct results through 500s and 429 bursts' {
        # Round after round until the run has met both 500s and 429s (a seeded sandbox, but threads decide which
        # request meets which fault); every round must be complete and correct. (The sandbox drops answers after
        # commit only on customer create, so dropped reads are not imitated here.)
        $rounds = 0
        do {
            $rounds++
            $balances = @($Customers | Get-MerchantBalance -Context $FaultyContext -ErrorVariable balanceErrors -WarningVariable balanceWarnings)
            $operations = @(Get-MerchantOperation -PageSize 10 -Context $FaultyContext -ErrorVariable operationErrors)
            $byId = @(Get-MerchantOperation -Id ($operations.Id | Select-Object -First 12) -Context $FaultyContext -ErrorVariable idErrors)
            $rates = @(Get-MerchantRate -Context $FaultyContext -ErrorVariable rateErrors)

            @($balanceErrors) + @($operationErrors) + @($idErrors) + @($rateErrors) | Should -HaveCount 0
            $balanceWarnings | Should -HaveCount 0
            @($balances | ForEach-Object { "$($_.WalletId) $($_.Asset) $(ConvertTo-Text $_.Balance) $(ConvertTo-Text $_.HoldBalance)" }) | Should -Be $CleanBalances
            @($operations | ForEach-Object { "$($_.Id) $($_.Status) $(ConvertTo-Text $_.SourceAmount)" }) | Should -Be $CleanOperations
            $byId.Id | Should -Be ($operations.Id | Select-Object -First 12)
            @($rates | ForEach-Object { "$($_.Asset) $($_.Currency) $(ConvertTo-Text $_.Value)" }) | Should -Be $CleanRates
            $faults = (Get-MerchantSandboxStats $Faulty).faults
        } while (($faults.failures -eq 0 -or $faults.throttled -eq 0) -and $rounds -lt 8)
        $faults.failures | Should -BeGreaterThan 0 -Because 'the run must have met 500s to prove anything'
        $faults.throttled | Should -BeGreaterThan 0 -Because 'the run must have met 429s to prove anything'
    }
}

Describe 'Amount text the sandbox cannot send' {
    # The sandbox refuses any amount that is not plain decimal text (no exponent, no other text) in its balance, rate and
    # operation set-up calls, so a stand-in server of a few lines answers /v2/balance here: still the real module over
    # real HTTP, only the answer is fixed.
    BeforeAll {
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $script:StandIn = [System.Net.HttpListener]::new()
        $StandIn.Prefixes.Add("http://127.0.0.1:$port/")
        $StandIn.Start()
        $script:StandInJob = Start-ThreadJob -ArgumentList $StandIn {
            param($listener)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $body = if ($context.Request.Url.AbsolutePath -eq '/v2/balance') {
                    '{"data":[{"asset":"BTC","balance":"1e-8","holdBalance":"n/a","lockBalance":"0.5","referralBalance":null,"note":"n/a"},' +
                    '{"asset":"ETH","balance":"0.25","holdBalance":"1E+2","lockBalance":7,"referralBalance":"0.10"}]}'
                } else { '{"data":[]}' }
                $bytes = [Text.Encoding]::UTF8.GetBytes($body)
                $context.Response.ContentType = 'application/json'
                $context.Response.ContentLength64 = $bytes.Length
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }
        $script:StandInContext = Connect-MerchantApi -BaseUri "http://127.0.0.1:$port" -MerchantId ([guid]::NewGuid()) -PassThru `
            -ApiKey (ConvertTo-SecureString "sk_test_$(New-Tag)" -AsPlainText -Force)
    }
    AfterAll {
        $StandIn.Stop()
        $null = $StandInJob | Wait-Job -Timeout 10
        $StandInJob | Remove-Job -Force
        # Connect-MerchantApi made the stand-in the current session; give it back to the sandbox.
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }

    It 'reads ''1e-8'' as 0.00000001 and a non-number as $null without failing the other amounts' {
        $balances = @(Get-MerchantBalance -WalletId ([guid]::NewGuid().ToString()) -Context $StandInContext -ErrorVariable failures)
        $failures | Should -HaveCount 0
        $balances | Should -HaveCount 2
        $btc, $eth = $balances
        $btc.Balance | Should -BeOfType ([decimal])
        $btc.Balance | Should -Be ([decimal]::Parse('0.00000001', $Invariant))
        $null -eq $btc.HoldBalance | Should -BeTrue -Because "'n/a' is no number"
        ConvertTo-Text $btc.LockBalance | Should -BeExactly '0.5'
        $null -eq $btc.ReferralBalance | Should -BeTrue
        $btc.note | Should -BeExactly 'n/a'
        ConvertTo-Text $eth.Balance | Should -BeExactly '0.25'
        $eth.HoldBalance | Should -Be 100
        $eth.LockBalance | Should -BeOfType ([decimal])
        $eth.LockBalance | Should -Be 7
        ConvertTo-Text $eth.ReferralBalance | Should -BeExactly '0.10'
        (Get-DecimalSum $balances.Balance) | Should -Be ([decimal]::Parse('0.25000001', $Invariant))
    }
}
