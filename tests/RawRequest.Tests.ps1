# Invoke-MerchantApiRequest: any endpoint through the module's one HTTP path, against the real sandbox over real HTTP.
# Shapes of what comes back, retries that know a read from a write, a soak through injected faults, the bulk mechanism,
# -WhatIf, paging, the session's features and a leak check.
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox
    Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential

    # A unique tag per test, so emails and comments never meet another test's.
    function New-Tag { [guid]::NewGuid().ToString('n').Substring(0, 12) }
    # A create body as the API spells it (a hashtable).
    function New-Body([string] $Email, [string] $Comment) {
        $body = @{ email = $Email; firstName = 'Raw'; lastName = 'Request'; country = 'FR'; verificationDocumentId = 'FV633452'
            residenceAddress = '5 Av. Anatole France, 75007 Paris' }
        if ($Comment) { $body.comment = $Comment }
        $body
    }
    # The same as a CSV row would be (a PSCustomObject).
    function New-Row([string] $Email, [string] $Comment) { [pscustomobject](New-Body $Email $Comment) }
    # Requests the sandbox answered on a path, all statuses or one.
    function Get-RequestCount($On = $script:Sandbox, [string] $Path, [string] $Status) {
        $stats = Get-MerchantSandboxStats $On
        $byStatus = $stats.requests.PSObject.Properties[$Path]
        if (-not $byStatus) { return 0 }
        $counts = @($byStatus.Value.PSObject.Properties | Where-Object { -not $Status -or $_.Name -eq $Status } | ForEach-Object Value)
        [int](($counts | Measure-Object -Sum).Sum)
    }
    # Every API request the sandbox answered, whatever the path.
    function Get-TotalRequestCount($On = $script:Sandbox) {
        $stats = Get-MerchantSandboxStats $On
        [int](@($stats.requests.PSObject.Properties.Value | ForEach-Object { $_.PSObject.Properties.Value }) | Measure-Object -Sum).Sum
    }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Shapes: what comes back and what is sent' {
    It 'outputs a find''s array as PSCustomObjects, one per item' {
        $tag = New-Tag
        $emails = 1..3 | ForEach-Object { "shape$_.$tag@example.com" }
        $null = $emails | ForEach-Object { New-Body $_ $tag } | Invoke-MerchantApiRequest v2/customer/create
        $found = @(Invoke-MerchantApiRequest v2/customer/find @{ comment = $tag })
        $found.Count | Should -Be 3
        foreach ($item in $found) { $item | Should -BeOfType ([System.Management.Automation.PSCustomObject]) }
        @($found.email | Sort-Object) | Should -Be @($emails | Sort-Object)
        $found[0].id | Should -BeOfType ([string])
    }

    It 'outputs the details of one customer as one object with the fields as the API spells them' {
        $email = "details.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        $details = @(Invoke-MerchantApiRequest v2/customer/details @{ id = $created.id })
        $details.Count | Should -Be 1
        $details[0] | Should -BeOfType ([System.Management.Automation.PSCustomObject])
        $details[0].id | Should -Be $created.id
        $details[0].email | Should -BeExactly $email
        $details[0].walletId | Should -Not -BeNullOrEmpty
        $details[0].PSObject.Properties.Name | Should -Contain 'verificationDocumentId'
    }

    It 'keeps strings strings: a leading-zero id, a phone number and a timestamp are not converted' {
        $email = "strings.$(New-Tag)@example.com"
        $body = New-Body $email
        $body.externalId = '007'
        $body.phoneNumber = '+33612345678'
        $created = Invoke-MerchantApiRequest v2/customer/create $body
        $created.externalId | Should -BeOfType ([string])
        $created.externalId | Should -BeExactly '007'
        $created.phoneNumber | Should -BeExactly '+33612345678'
        $created.createdAt | Should -BeOfType ([string])
        $created.createdAt | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$'
        $created.comment | Should -BeNullOrEmpty
    }

    It 'takes a hashtable, a PSCustomObject and a JSON string body alike' {
        $email = "bodies.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        $byHashtable = @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email })
        $byObject = @(Invoke-MerchantApiRequest v2/customer/find ([pscustomobject]@{ email = $email }))
        $byJson = @(Invoke-MerchantApiRequest v2/customer/find (@{ email = $email } | ConvertTo-Json -Compress))
        foreach ($result in $byHashtable, $byObject, $byJson) {
            $result.Count | Should -Be 1
            $result[0].id | Should -Be $created.id
        }
        # A filter that matches nothing proves the body was read, not ignored.
        @(Invoke-MerchantApiRequest v2/customer/find '{"email":"nobody.at.all@example.com"}') | Should -HaveCount 0
    }

    It 'creates from a JSON string body too' {
        $email = "json.create.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create ((New-Body $email) | ConvertTo-Json)
        $created.email | Should -BeExactly $email
        @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email }).id | Should -Be $created.id
    }

    It 'fails a string body that is not JSON with BodyNotJson and sends nothing' {
        $before = Get-RequestCount -Path '/v2/customer/find'
        $out = Invoke-MerchantApiRequest v2/customer/find 'email = someone' -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'BodyNotJson'
        $failed[0].TargetObject | Should -Be 'email = someone'
        (Get-RequestCount -Path '/v2/customer/find') | Should -Be $before
    }

    It 'sends -Query values, merged after a query already in the path, a list as the name once per value' {
        $raw = Invoke-MerchantApiRequest v2/customer/find -Query ([ordered]@{ note = 'a b&c'; n = 3 }) -Raw
        $raw.Path | Should -BeExactly '/v2/customer/find?note=a%20b%26c&n=3'
        $raw.StatusCode | Should -Be 200
        $merged = Invoke-MerchantApiRequest 'v2/customer/find?z=1' -Query @{ asset = 'BTC', 'ETH' } -Raw
        $merged.Path | Should -BeExactly '/v2/customer/find?z=1&asset=BTC&asset=ETH'
    }

    It 'takes the path with or without a leading slash, and an absolute URI below the base URI' {
        $email = "paths.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        $before = Get-RequestCount -Path '/v2/customer/find'
        (Invoke-MerchantApiRequest '/v2/customer/find' @{ email = $email }).id | Should -Be $created.id
        (Invoke-MerchantApiRequest 'v2/customer/find' @{ email = $email }).id | Should -Be $created.id
        $absolute = [uri]::new($Sandbox.Uri, '/v2/customer/find').AbsoluteUri
        (Invoke-MerchantApiRequest $absolute @{ email = $email }).id | Should -Be $created.id
        (Invoke-MerchantApiRequest $absolute @{ email = $email } -Raw).Path | Should -BeExactly '/v2/customer/find'
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 4
    }

    It 'refuses an absolute URI to another host before anything is sent, anywhere' {
        # A listener of our own stands for the other host: it must never see a connection.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $elsewhere = "http://127.0.0.1:$($listener.LocalEndpoint.Port)/v2/customer/find"
            $before = Get-TotalRequestCount
            $failure = { (New-Body 'one@example.com'), (New-Body 'two@example.com') | Invoke-MerchantApiRequest $elsewhere } |
                Should -Throw -PassThru
            ($failure.FullyQualifiedErrorId -split ',')[0] | Should -Be 'PathNotUnderBaseUri'
            $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failure.Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
            $failure.Exception.Message | Should -Match 'not sent'
            $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-MerchantApi'
            Start-Sleep -Milliseconds 200
            $listener.Pending() | Should -BeFalse -Because 'no connection may reach another host'
            (Get-TotalRequestCount) | Should -Be $before
            (Get-MerchantSandboxStats $Sandbox).elsewhereRequests | Should -Be 0
            # Another scheme is no better.
            { Invoke-MerchantApiRequest 'ftp://127.0.0.1/v2/customer/find' } | Should -Throw -ErrorId 'PathNotUnderBaseUri,*'
            (Get-TotalRequestCount) | Should -Be $before
        }
        finally { $listener.Stop() }
    }

    It 'does not repeat a password given in an absolute URI''s user info in its refusal' {
        $failure = { Invoke-MerchantApiRequest "http://bob:hunter2@127.0.0.1:$($Sandbox.Uri.Port)/v2/customer/find" } | Should -Throw -PassThru
        ($failure.FullyQualifiedErrorId -split ',')[0] | Should -Be 'PathNotUnderBaseUri'
        ($failure | Format-List * -Force | Out-String) + $failure.Exception.ToString() | Should -Not -Match 'hunter2'
    }

    It 'gives with -Raw one ApiResponse per answer: method, path, status, headers and the whole body' {
        $email = "raw.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        $raw = @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email } -Raw)
        $raw.Count | Should -Be 1
        $raw[0] | Should -BeOfType ([MerchantApi.ApiResponse])
        $raw[0].Method | Should -BeExactly 'POST'
        $raw[0].Path | Should -BeExactly '/v2/customer/find'
        $raw[0].StatusCode | Should -BeOfType ([int])
        $raw[0].StatusCode | Should -Be 200
        $raw[0].Headers['Content-Type'] | Should -Match '^application/json'
        $raw[0].Body.PSObject.Properties.Name | Should -Be 'data'
        @($raw[0].Body.data) | Should -HaveCount 1
        $raw[0].Body.data[0].id | Should -Be $created.id
    }

    It 'fails a mistyped path as NotFound, ObjectNotFound, the body as TargetObject, pointing at -Path' {
        $body = @{ walletId = 'w-1' }
        $out = Invoke-MerchantApiRequest v2/balanse $body -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'NotFound'
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        [object]::ReferenceEquals($failed[0].TargetObject, $body) | Should -BeTrue
        $failed[0].ErrorDetails.RecommendedAction | Should -Match '-Path'
        $failed[0].Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        [int]$failed[0].Exception.StatusCode | Should -Be 404
        $failed[0].Exception.ProviderCode | Should -Be 'NOT_FOUND'
        $failed[0].Exception.Message | Should -Match ([regex]::Escape('(POST /v2/balanse: HTTP 404)'))
        $failed[0].Exception.Message | Should -Not -BeLike 'Row *' -Because 'a call not fed by the pipeline has no rows'
        (Get-RequestCount -Path '/v2/balanse' -Status 404) | Should -Be 1
    }

    It 'names the provider''s codes in PascalCase: ValidationError and CustomerAlreadyExists' {
        $email = "codes.$(New-Tag)@example.com"
        $incomplete = New-Body $email
        $incomplete.Remove('lastName')
        $null = Invoke-MerchantApiRequest v2/customer/create $incomplete -ErrorVariable invalid -ErrorAction SilentlyContinue
        ($invalid[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'ValidationError'
        $invalid[0].Exception.Message | Should -Match 'lastName'
        $invalid[0].Exception.Message | Should -Match ([regex]::Escape('(POST /v2/customer/create: HTTP 400)'))
        $invalid[0].Exception.OutcomeUnknown | Should -BeFalse
        $null = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        $null = Invoke-MerchantApiRequest v2/customer/create (New-Body $email) -ErrorVariable twice -ErrorAction SilentlyContinue
        ($twice[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'CustomerAlreadyExists'
        $twice[0].Exception.ProviderCode | Should -Be 'CUSTOMER_ALREADY_EXISTS'
        [int]$twice[0].Exception.StatusCode | Should -Be 409
    }
}

Describe 'Paging' {
    BeforeAll {
        $script:PageTag = New-Tag
        $script:PageEmails = @(1..7 | ForEach-Object { "page$_.$PageTag@example.com" })
        $null = $PageEmails | ForEach-Object { New-Body $_ $PageTag } | Invoke-MerchantApiRequest v2/customer/create -ThrottleLimit 1
        $script:Filter = @{ comment = $PageTag }
    }

    It 'follows skip and take in the body for customer find: all 7 with -PageSize 2 in 4 requests, the last one short' {
        $before = Get-RequestCount -Path '/v2/customer/find'
        $items = @(Invoke-MerchantApiRequest v2/customer/find $Filter -Paginate -PageSize 2)
        $items.Count | Should -Be 7
        @($items.email | Sort-Object) | Should -Be @($PageEmails | Sort-Object) -Because 'every customer once, none twice'
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 4
        # Without -Paginate the same filter and a page size of 2 in the body gives one page only.
        @(Invoke-MerchantApiRequest v2/customer/find @{ comment = $PageTag; take = 2 }) | Should -HaveCount 2
    }

    It 'stops at -First with no request after the last page needed' {
        $before = Get-RequestCount -Path '/v2/customer/find'
        $items = @(Invoke-MerchantApiRequest v2/customer/find $Filter -PageSize 2 -First 3)
        $items.Count | Should -Be 3
        @($items.email | Where-Object { $_ -in $PageEmails }) | Should -HaveCount 3
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 2
        $before = Get-RequestCount -Path '/v2/customer/find'
        @(Invoke-MerchantApiRequest v2/customer/find $Filter -PageSize 2 -First 4) | Should -HaveCount 4
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 2 -Because 'the second page holds the fourth item'
    }

    It 'starts later with -Skip (implying -Paginate), and -Skip and -First together cover everything once' {
        $head = @(Invoke-MerchantApiRequest v2/customer/find $Filter -First 5 -PageSize 2)
        $tail = @(Invoke-MerchantApiRequest v2/customer/find $Filter -Skip 5 -PageSize 2)
        $head.Count | Should -Be 5
        $tail.Count | Should -Be 2
        @(@($head.email) + @($tail.email) | Sort-Object) | Should -Be @($PageEmails | Sort-Object)
    }

    It 'pages each piped filter in turn, the items of one before those of the next' {
        $tag = New-Tag
        $null = 1..3 | ForEach-Object { New-Body "second$_.$tag@example.com" $tag } | Invoke-MerchantApiRequest v2/customer/create
        $items = @(@{ comment = $PageTag }, @{ comment = $tag } | Invoke-MerchantApiRequest v2/customer/find -Paginate -PageSize 2)
        $items.Count | Should -Be 10
        @($items[0..6].email | Sort-Object) | Should -Be @($PageEmails | Sort-Object)
        @($items[7..9].email | Sort-Object) | Should -Be @(1..3 | ForEach-Object { "second$_.$tag@example.com" })
    }

    It 'leaves the caller''s body unchanged while paging' {
        $filter = @{ comment = $PageTag }
        $null = Invoke-MerchantApiRequest v2/customer/find $filter -Paginate -PageSize 3
        @($filter.Keys) | Should -Be 'comment'
    }

    It 'shows with -Raw that customer find pages in the body: no skip or take in the Path, one answer per page' {
        $pages = @(Invoke-MerchantApiRequest v2/customer/find $Filter -Paginate -PageSize 3 -Raw)
        $pages.Count | Should -Be 3
        $pages.Path | Sort-Object -Unique | Should -BeExactly '/v2/customer/find'
        @($pages | ForEach-Object { @($_.Body.data).Count }) | Should -Be 3, 3, 1
    }

    It 'reports an exact total with -IncludeTotalCount once the last page came back short' {
        $out = @(Invoke-MerchantApiRequest v2/customer/find $Filter -Paginate -PageSize 5 -IncludeTotalCount)
        $customers = @($out | Where-Object { $_ -is [System.Management.Automation.PSCustomObject] })
        $customers.Count | Should -Be 7
        $total = @($out | Where-Object { $_ -isnot [System.Management.Automation.PSCustomObject] })
        $total | Should -HaveCount 1
        [int]"$($total[0])" | Should -Be 7
    }

    It 'ends a paged find at a 404 without repeating it (a read''s 404 is no passing failure)' {
        $before = Get-TotalRequestCount
        $null = Invoke-MerchantApiRequest v2/deposit/find @{ status = 'Completed' } -Paginate -PageSize 10 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'NotFound'
        $failed[0].Exception.Message | Should -Match ([regex]::Escape('(POST /v2/deposit/find: HTTP 404)'))
        (Get-TotalRequestCount) - $before | Should -Be 1
    }

    Context 'Query paging (operation find)' {
        BeforeAll {
            $script:OperationsSandbox = Start-MerchantSandbox -Operations 25 -Customers 5 -Seed 7
            $script:OperationsContext = Connect-MerchantApi -BaseUri $OperationsSandbox.Uri -MerchantId $OperationsSandbox.MerchantId `
                -Credential $OperationsSandbox.Credential -PassThru
            Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        }
        AfterAll { if ($OperationsSandbox) { Stop-MerchantSandbox $OperationsSandbox } }

        It 'pages 25 operations with -PageSize 10 in 3 requests, skip and take in the query' {
            $before = Get-RequestCount $OperationsSandbox '/v2/operation/find'
            $operations = @(Invoke-MerchantApiRequest v2/operation/find -Paginate -PageSize 10 -Context $OperationsContext)
            $operations.Count | Should -Be 25
            @($operations.id | Sort-Object -Unique) | Should -HaveCount 25
            (Get-RequestCount $OperationsSandbox '/v2/operation/find') - $before | Should -Be 3
        }

        It 'shows ?skip=N&take=10 in each page''s -Raw Path' {
            $pages = @(Invoke-MerchantApiRequest v2/operation/find -Paginate -PageSize 10 -Raw -Context $OperationsContext)
            $pages.Path | Should -BeExactly '/v2/operation/find?skip=0&take=10', '/v2/operation/find?skip=10&take=10', '/v2/operation/find?skip=20&take=10'
            @($pages | ForEach-Object { @($_.Body.data).Count }) | Should -Be 10, 10, 5
        }

        It 'stops at -First 12 after 2 requests, and -Skip 20 gives the last 5 in one request' {
            $before = Get-RequestCount $OperationsSandbox '/v2/operation/find'
            @(Invoke-MerchantApiRequest v2/operation/find -PageSize 10 -First 12 -Context $OperationsContext) | Should -HaveCount 12
            (Get-RequestCount $OperationsSandbox '/v2/operation/find') - $before | Should -Be 2
            $before = Get-RequestCount $OperationsSandbox '/v2/operation/find'
            @(Invoke-MerchantApiRequest v2/operation/find -PageSize 10 -Skip 20 -Context $OperationsContext) | Should -HaveCount 5
            (Get-RequestCount $OperationsSandbox '/v2/operation/find') - $before | Should -Be 1
        }

        It 'replaces a skip and take given in -Query with its own, and keeps the body''s filters' {
            $pages = @(Invoke-MerchantApiRequest v2/operation/find @{ status = 'Completed' } -Query @{ skip = 3; take = 1 } -Paginate -PageSize 100 -Raw -Context $OperationsContext)
            $pages[0].Path | Should -BeExactly '/v2/operation/find?skip=0&take=100'
            @($pages[0].Body.data | Where-Object status -NE 'Completed') | Should -BeNullOrEmpty
        }
    }
}

Describe 'Retries know a read from a write' {
    BeforeEach {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }
    AfterEach {
        $null = Set-MerchantSandboxFault $Sandbox -FailureRate 0 -ThrottleRate 0 -ThrottleBurst 0 -RetryAfter 1
    }

    It 'repeats a read after 500s: -MaximumRetryCount 2 is 3 requests, then the error' {
        $before = Get-RequestCount -Path '/v2/customer/find'
        $before500 = Get-RequestCount -Path '/v2/customer/find' -Status 500
        $null = Set-MerchantSandboxFault $Sandbox -FailureRate 1
        $out = Invoke-MerchantApiRequest v2/customer/find @{ email = 'retry.read@example.com' } -MaximumRetryCount 2 -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'InternalError'
        $failed[0].Exception.OutcomeUnknown | Should -BeFalse -Because 'a read changes nothing'
        (Get-RequestCount -Path '/v2/customer/find' -Status 500) - $before500 | Should -Be 3
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 3
    }

    It 'sends a write once after a 500: WriteOutcomeUnknown, OutcomeUnknown, look it up first' {
        $before = Get-RequestCount -Path '/v2/customer/create'
        $null = Set-MerchantSandboxFault $Sandbox -FailureRate 1
        $out = Invoke-MerchantApiRequest v2/customer/create (New-Body "retry.write.$(New-Tag)@example.com") -MaximumRetryCount 2 -ErrorVariable failed -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WriteOutcomeUnknown'
        $failed[0].Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        $failed[0].Exception.OutcomeUnknown | Should -BeTrue
        [int]$failed[0].Exception.StatusCode | Should -Be 500
        $failed[0].Exception.Message | Should -Match 'POST /v2/customer/create is unknown'
        $failed[0].Exception.Message | Should -Match 'not sent again'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Look up whether it was carried out'
        (Get-RequestCount -Path '/v2/customer/create') - $before | Should -Be 1
    }

    It 'guesses any other path a write: an unknown POST is sent once through 500s' {
        $before = Get-RequestCount -Path '/v2/transfer'
        $null = Set-MerchantSandboxFault $Sandbox -FailureRate 1
        $null = Invoke-MerchantApiRequest v2/transfer @{ externalId = "t-$(New-Tag)" } -MaximumRetryCount 2 -ErrorVariable failed -ErrorAction SilentlyContinue
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WriteOutcomeUnknown'
        (Get-RequestCount -Path '/v2/transfer') - $before | Should -Be 1
        # ... and a documented read off the customer paths (balance, details, pre-request) is repeated.
        foreach ($read in 'v2/balance', 'v2/transfer/pre-request', 'v2/operation/details') {
            $readBefore = Get-RequestCount -Path "/$read"
            $null = Invoke-MerchantApiRequest $read @{ walletId = 'w' } -MaximumRetryCount 1 -ErrorAction SilentlyContinue
            (Get-RequestCount -Path "/$read") - $readBefore | Should -Be 2 -Because "$read is a read"
        }
    }

    It 'treats a GET as a read wherever it goes' {
        $null = Set-MerchantSandboxFault $Sandbox -FailureRate 1
        foreach ($path in 'v2/rate/equivalent', 'v2/transfer') {
            $before = Get-RequestCount -Path "/$path"
            $null = Invoke-MerchantApiRequest $path -Method Get -MaximumRetryCount 1 -ErrorVariable failed -ErrorAction SilentlyContinue
            ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'InternalError'
            $failed[0].Exception.Message | Should -Match ([regex]::Escape("(GET /${path}: HTTP 500)"))
            (Get-RequestCount -Path "/$path") - $before | Should -Be 2 -Because "GET /$path is a read"
        }
    }

    It 'sends a write once when its answer is lost after commit or never comes; it was in fact carried out' {
        $null = Set-MerchantSandboxFault $Sandbox -DropAfterCommitRate 1
        $dropped = "dropped.$(New-Tag)@example.com"
        $before = Get-RequestCount -Path '/v2/customer/create'
        $null = Invoke-MerchantApiRequest v2/customer/create (New-Body $dropped) -ErrorVariable lost -ErrorAction SilentlyContinue
        $null = Set-MerchantSandboxFault $Sandbox -DropAfterCommitRate 0
        ($lost[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WriteOutcomeUnknown'
        $lost[0].Exception.OutcomeUnknown | Should -BeTrue
        (Get-RequestCount -Path '/v2/customer/create') - $before | Should -Be 1
        @(Invoke-MerchantApiRequest v2/customer/find @{ email = $dropped }) | Should -HaveCount 1 -Because 'the server did carry it out: hence the look-up first'

        Set-MerchantSandboxHostile $Sandbox -Path '/v2/customer/create' -Mode hang
        $before = Get-RequestCount -Path '/v2/customer/create'
        $null = Invoke-MerchantApiRequest v2/customer/create (New-Body "hung.$(New-Tag)@example.com") -TimeoutSec 1 -ErrorVariable hung -ErrorAction SilentlyContinue
        ($hung[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WriteOutcomeUnknown'
        $hung[0].Exception.Message | Should -Match 'within 1 s'
        (Get-RequestCount -Path '/v2/customer/create') - $before | Should -Be 1
    }

    It 'repeats a read whose answer never comes, and it succeeds' {
        $email = "hung.read.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        Set-MerchantSandboxHostile $Sandbox -Path '/v2/customer/find' -Mode hang
        $before = Get-RequestCount -Path '/v2/customer/find'
        $found = @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email } -TimeoutSec 1 -MaximumRetryCount 1 -ErrorVariable failed)
        $failed | Should -HaveCount 0
        $found.id | Should -Be $created.id
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 2
    }

    It '-RequestKind overrides the guess: Read makes a create repeated, Write makes a find sent once' {
        $null = Set-MerchantSandboxFault $Sandbox -FailureRate 1
        $createsBefore = Get-RequestCount -Path '/v2/customer/create'
        $null = Invoke-MerchantApiRequest v2/customer/create (New-Body "kind.read.$(New-Tag)@example.com") -RequestKind Read -MaximumRetryCount 2 -ErrorVariable asRead -ErrorAction SilentlyContinue
        (Get-RequestCount -Path '/v2/customer/create') - $createsBefore | Should -Be 3
        ($asRead[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'InternalError'
        $findsBefore = Get-RequestCount -Path '/v2/customer/find'
        $null = Invoke-MerchantApiRequest v2/customer/find @{} -RequestKind Write -MaximumRetryCount 2 -ErrorVariable asWrite -ErrorAction SilentlyContinue
        (Get-RequestCount -Path '/v2/customer/find') - $findsBefore | Should -Be 1
        ($asWrite[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'WriteOutcomeUnknown'
    }

    It 're-sends a write the server throttled (429), and it is carried out once' {
        $email = "throttled.write.$(New-Tag)@example.com"
        $before200 = Get-RequestCount -Path '/v2/customer/create' -Status 200
        $before429 = Get-RequestCount -Path '/v2/customer/create' -Status 429
        $null = Set-MerchantSandboxFault $Sandbox -ThrottleRate 1 -RetryAfter 1
        # The throttling ends while the write waits out its Retry-After.
        $lift = Start-ThreadJob -ArgumentList ([uri]::new($Sandbox.Uri, '/__sandbox/faults')) -ScriptBlock {
            param($uri)
            Start-Sleep -Milliseconds 1500
            Invoke-RestMethod -Method Post -Uri $uri -Body '{"throttleRate":0}' -ContentType 'application/json' | Out-Null
        }
        try {
            $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email) -ErrorVariable failed
        }
        finally { $lift | Wait-Job | Remove-Job -Force }
        $failed | Should -HaveCount 0
        $created.email | Should -BeExactly $email
        (Get-RequestCount -Path '/v2/customer/create' -Status 429) - $before429 | Should -BeGreaterOrEqual 1
        (Get-RequestCount -Path '/v2/customer/create' -Status 200) - $before200 | Should -Be 1
        @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email }) | Should -HaveCount 1
    }
}

Describe 'Soak through injected faults' {
    BeforeAll {
        $script:Soak = Start-MerchantSandbox -Seed 20240226 -RetryAfter 1
        $script:SoakContext = Connect-MerchantApi -BaseUri $Soak.Uri -MerchantId $Soak.MerchantId -Credential $Soak.Credential -PassThru
        # Customers to read, created while the sandbox is still healthy.
        $script:SoakCustomers = @(1..20 | ForEach-Object { New-Body "soak.read$_@example.com" } |
                Invoke-MerchantApiRequest v2/customer/create -Context $SoakContext)
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }
    AfterAll { Stop-MerchantSandbox $Soak }

    It 'reads 200 details through 500s, drops and 429 bursts: every one succeeds, in input order' {
        $SoakCustomers | Should -HaveCount 20
        $null = Set-MerchantSandboxFault $Soak -FailureRate 0.1 -DropAfterCommitRate 0.15 -ThrottleRate 0.05 -ThrottleBurst 200
        try {
            $ids = @(0..199 | ForEach-Object { $SoakCustomers[$_ % 20].id })
            $details = @($ids | ForEach-Object { @{ id = $_ } } |
                    Invoke-MerchantApiRequest v2/customer/details -ThrottleLimit 8 -Context $SoakContext -ErrorVariable failed)
        }
        finally { $null = Set-MerchantSandboxFault $Soak -FailureRate 0 -DropAfterCommitRate 0 -ThrottleRate 0 -ThrottleBurst 0 }
        $failed | Should -HaveCount 0
        $details.Count | Should -Be 200
        $details.id | Should -Be $ids
        $stats = Get-MerchantSandboxStats $Soak
        $stats.requests.'/v2/customer/details'.'500' | Should -BeGreaterThan 0 -Because 'the faults must have been met'
        $stats.requests.'/v2/customer/details'.'429' | Should -BeGreaterThan 0 -Because 'the 429 bursts must have been met'
    }

    It 'creates 100 through 500s, drops after commit and 429 bursts: no duplicate, every row accounted for, in order' {
        $before = Get-MerchantSandboxStats $Soak
        $createsBefore = Get-RequestCount $Soak '/v2/customer/create'
        $throttledBefore = Get-RequestCount $Soak '/v2/customer/create' '429'
        $rows = @(1..100 | ForEach-Object { New-Row ('soak.write{0:d3}@example.com' -f $_) })
        $null = Set-MerchantSandboxFault $Soak -FailureRate 0.1 -DropAfterCommitRate 0.15 -ThrottleRate 0.05 -ThrottleBurst 200
        try {
            $created = @($rows | Invoke-MerchantApiRequest v2/customer/create -ThrottleLimit 8 -Context $SoakContext `
                    -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        }
        finally { $null = Set-MerchantSandboxFault $Soak -FailureRate 0 -DropAfterCommitRate 0 -ThrottleRate 0 -ThrottleBurst 0 }
        $after = Get-MerchantSandboxStats $Soak
        $failed = @($failed)

        # Every input is accounted for, once.
        $created.Count + $failed.Count | Should -Be 100
        $failed.Count | Should -BeGreaterThan 0 -Because 'with 25% of the writes failing or dropped some outcomes are unknown'
        foreach ($failure in $failed) {
            $id = ($failure.FullyQualifiedErrorId -split ',')[0]
            $failure.Exception.OutcomeUnknown | Should -Be ($id -eq 'WriteOutcomeUnknown') -Because "$id is either certain or WriteOutcomeUnknown"
            $failure.Exception.Message | Should -Match '^Row \d+: '
            [array]::IndexOf($rows, $failure.TargetObject) | Should -BeGreaterOrEqual 0 -Because 'the TargetObject is the input row'
            $failure.Exception.Message | Should -Match "^Row $([array]::IndexOf($rows, $failure.TargetObject) + 1): "
        }
        # The successes are the other rows, in input order.
        $expected = @($rows | Where-Object { $_ -notin $failed.TargetObject } | ForEach-Object Email)
        $created.email | Should -Be $expected

        # No row was sent twice except after a 429 (each email stored at most once).
        $nonThrottled = ((Get-RequestCount $Soak '/v2/customer/create') - $createsBefore) - ((Get-RequestCount $Soak '/v2/customer/create' '429') - $throttledBefore)
        $nonThrottled | Should -Be 100
        $stored = @(Invoke-MerchantApiRequest v2/customer/find @{} -Paginate -Context $SoakContext | Where-Object email -Like 'soak.write*')
        @($stored | Group-Object email | Where-Object Count -GT 1) | Should -BeNullOrEmpty -Because 'no email may be stored twice'
        @($created.email | Where-Object { $_ -notin $stored.email }) | Should -BeNullOrEmpty
        @($stored.email | Where-Object { $_ -notin $rows.Email }) | Should -BeNullOrEmpty
        # What was stored is what succeeded plus the writes whose answers were dropped after commit.
        $drops = $after.faults.dropsAfterCommit - $before.faults.dropsAfterCommit
        $stored.Count | Should -Be ($created.Count + $drops)
        $drops | Should -BeGreaterThan 0
        ($after.faults.failures - $before.faults.failures) | Should -BeGreaterThan 0
        ((Get-RequestCount $Soak '/v2/customer/create' '429') - $throttledBefore) | Should -BeGreaterThan 0
    }
}

Describe 'Bulk: piped bodies' {
    BeforeEach {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }

    It 'keeps input order with -ThrottleLimit 16 and latency, from Import-Csv rows' {
        $tag = New-Tag
        $file = Join-Path $TestDrive "rows-$tag.csv"
        1..60 | ForEach-Object { New-Row ("order{0:d2}.$tag@example.com" -f $_) } | Export-Csv $file
        $null = Set-MerchantSandboxFault $Sandbox -Latency 20
        try {
            $created = @(Import-Csv $file | Invoke-MerchantApiRequest v2/customer/create -ThrottleLimit 16)
        }
        finally { $null = Set-MerchantSandboxFault $Sandbox -Latency 0 }
        $created.Count | Should -Be 60
        $created.email | Should -Be (Import-Csv $file).email
    }

    It 'keeps order for finds whose answers arrive out of order, one object per item of each answer' {
        $tag = New-Tag
        $null = 1..5 | ForEach-Object { New-Body "many$_.$tag@example.com" $tag } | Invoke-MerchantApiRequest v2/customer/create
        $null = Set-MerchantSandboxFault $Sandbox -Latency 20
        try {
            $bodies = @(@{ comment = $tag }, @{ email = "many3.$tag@example.com" }, @{ email = "nobody.$tag@example.com" }, @{ email = "many1.$tag@example.com" })
            $found = @($bodies | Invoke-MerchantApiRequest v2/customer/find -ThrottleLimit 4)
        }
        finally { $null = Set-MerchantSandboxFault $Sandbox -Latency 0 }
        $found.Count | Should -Be 7
        @($found[0..4].email | Sort-Object) | Should -Be @(1..5 | ForEach-Object { "many$_.$tag@example.com" })
        $found[5].email | Should -Be "many3.$tag@example.com"
        $found[6].email | Should -Be "many1.$tag@example.com"
    }

    It 'fails a row on its own with the row as TargetObject and "Row N:" first; the others go through' {
        $tag = New-Tag
        $rows = @((New-Row "rowerr1.$tag@example.com"), (New-Row "rowerr2.$tag@example.com"), (New-Row "rowerr3.$tag@example.com"))
        $rows[1].PSObject.Properties.Remove('country')
        $created = @($rows | Invoke-MerchantApiRequest v2/customer/create -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $created.email | Should -Be $rows[0].email, $rows[2].email
        $failed | Should -HaveCount 1
        ($failed[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'ValidationError'
        $failed[0].TargetObject | Should -Be $rows[1]
        $failed[0].Exception.Message | Should -BeLike 'Row 2: *country*(POST /v2/customer/create: HTTP 400)'
        $failed[0].Exception.Row | Should -Be 2
    }

    It 'ends with a summary on the Information stream and, when rows failed, a warning counting them' {
        $tag = New-Tag
        $null = (New-Body "sum1.$tag@example.com"), (New-Body "sum2.$tag@example.com") |
            Invoke-MerchantApiRequest v2/customer/create -InformationVariable info -WarningVariable quiet
        $summary = @($info | Where-Object { $_.Tags -contains 'Summary' })
        $summary | Should -HaveCount 1
        $summary[0].Tags | Should -Contain 'MerchantApi'
        "$($summary[0].MessageData)" | Should -BeLike 'Invoke-MerchantApiRequest: 2 succeeded, 0 failed in *'
        $quiet | Should -BeNullOrEmpty

        $null = (New-Body "sum3.$tag@example.com"), (New-Body "sum3.$tag@example.com"), @{ email = 'bad' } |
            Invoke-MerchantApiRequest v2/customer/create -InformationVariable info2 -WarningVariable warned -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        "$(@($info2 | Where-Object { $_.Tags -contains 'Summary' })[0].MessageData)" | Should -BeLike 'Invoke-MerchantApiRequest: 1 succeeded, 2 failed in *'
        $warned | Should -HaveCount 1
        "$warned" | Should -BeLike 'Invoke-MerchantApiRequest: 1 succeeded, 2 failed in *-ErrorVariable*'
    }

    It 'writes no summary and no warning for a single call not fed by the pipeline, even a failing one' {
        $null = Invoke-MerchantApiRequest v2/customer/find @{ email = 'single@example.com' } -InformationVariable info -WarningVariable warned
        $info | Should -BeNullOrEmpty
        $warned | Should -BeNullOrEmpty
        $null = Invoke-MerchantApiRequest v2/nowhere @{} -InformationVariable info2 -WarningVariable warned2 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $info2 | Should -BeNullOrEmpty
        $warned2 | Should -BeNullOrEmpty
    }

    Context '-ErrorAction Stop: nothing sent goes unreported' {
        BeforeAll {
            $tag = New-Tag
            # Row 10 lacks a required field: the server refuses it (400) while later rows are in flight (latency keeps
            # them there).
            $script:StopRows = @(1..30 | ForEach-Object { New-Row ("stop{0:d2}.$tag@example.com" -f $_) })
            $StopRows[9].PSObject.Properties.Remove('firstName')
            $null = Set-MerchantSandboxFault $Sandbox -Latency 40
            $script:StopBefore = Get-RequestCount -Path '/v2/customer/create'
            $script:Stopped = $null
            try {
                $StopRows | Invoke-MerchantApiRequest v2/customer/create -ThrottleLimit 4 -ErrorAction Stop -OutVariable written -ErrorVariable failed | Out-Null
            }
            catch { $script:Stopped = $_ }
            $script:StopWritten = @($written)
            $script:StopFailed = @($failed)
            $null = Set-MerchantSandboxFault $Sandbox -Latency 0
            $script:StopStored = @(Invoke-MerchantApiRequest v2/customer/find @{} -Paginate | Where-Object email -Like "stop*.$tag@example.com")
            $script:StopEmails = @($StopRows.email)
        }

        It 'stops with row 10''s error' {
            $Stopped | Should -Not -BeNullOrEmpty
            ($Stopped.FullyQualifiedErrorId -split ',')[0] | Should -Be 'ValidationError'
            $Stopped.Exception.Row | Should -Be 10
            $Stopped.Exception.Message | Should -BeLike 'Row 10: *firstName*'
            $Stopped.TargetObject | Should -Be $StopRows[9]
        }

        It 'writes the results of rows 1-9, and carries every result on the error, those of rows in flight included' {
            $StopWritten.email | Should -Be $StopEmails[0..8]
            $results = @($Stopped.Exception.ResultsBeforeStop)
            $results[0..8].email | Should -Be $StopEmails[0..8]
            @($results.email | Sort-Object) | Should -Be @($StopStored.email | Sort-Object) -Because 'every customer created is on the error'
            $StopStored.Count | Should -BeGreaterThan 9 -Because 'rows after 10 were in flight when its error came'
        }

        # A row refused before sending (BodyNotJson here, InvalidEmail in New-MerchantCustomer: the same BulkCmdlet) stops
        # the run only after the rows before it: they were read first and are sent and written first.
        It 'stops with the refused row''s own error, after sending the valid rows before it' {
            $null = Set-MerchantSandboxFault $Sandbox -Latency 100
            $before = Get-RequestCount -Path '/v2/customer/find'
            $stopped = $null
            try { '{}', '{}', 'not json' | Invoke-MerchantApiRequest v2/customer/find -ThrottleLimit 1 -ErrorAction Stop | Out-Null }
            catch { $stopped = $_ }
            finally { $null = Set-MerchantSandboxFault $Sandbox -Latency 0 }
            ($stopped.FullyQualifiedErrorId -split ',')[0] | Should -Be 'BodyNotJson'
            $stopped.Exception.Row | Should -Be 3
            (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 2
        }

        It 'accounts for every row it read, and sends no row once the failure is known' {
            $failure = $Stopped.Exception
            $done = @($failure.ResultsBeforeStop.email) + @($StopRows[9].email) + @($failure.RowsToRetry.email)
            $last = ($done | ForEach-Object { [array]::IndexOf($StopEmails, $_) + 1 } | Measure-Object -Maximum).Maximum
            $last | Should -BeGreaterThan 10
            @($done | Sort-Object) | Should -Be @($StopEmails[0..($last - 1)] | Sort-Object) -Because 'no row read may vanish, none may count twice'
            $failure.RowsToRetry.Count | Should -BeGreaterThan 0 -Because 'rows were waiting for a slot when row 10 failed'
            foreach ($row in $failure.RowsToRetry) { $row | Should -BeIn $StopRows -Because 'RowsToRetry holds the rows as given' }
            (Get-RequestCount -Path '/v2/customer/create') - $StopBefore | Should -Be ($failure.ResultsBeforeStop.Count + 1)
            $StopFailed | Should -HaveCount 1
        }
    }
}

Describe '-WhatIf and -Confirm' {
    It 'sends no write with -WhatIf, and says what it would have sent' {
        $before = Get-TotalRequestCount
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -LiteralPath $transcript -Force
        try {
            $out = @(Invoke-MerchantApiRequest v2/transfer @{ externalId = 'whatif-1' } -WhatIf)
            $piped = @((New-Body 'whatif.a@example.com'), (New-Body 'whatif.b@example.com') | Invoke-MerchantApiRequest v2/customer/create -WhatIf)
        }
        finally { $null = Stop-Transcript }
        $out | Should -BeNullOrEmpty
        $piped | Should -BeNullOrEmpty
        (Get-TotalRequestCount) | Should -Be $before
        $text = Get-Content -LiteralPath $transcript -Raw
        $text | Should -Match ([regex]::Escape('What if: Performing the operation "Send request" on target "POST /v2/transfer"'))
        $text | Should -Match ([regex]::Escape('on target "POST /v2/customer/create (row 2)"'))
    }

    It 'still sends a read with -WhatIf (reads are never confirmed)' {
        $email = "whatif.read.$(New-Tag)@example.com"
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email)
        $before = Get-RequestCount -Path '/v2/customer/find'
        $found = Invoke-MerchantApiRequest v2/customer/find @{ email = $email } -WhatIf
        $found.id | Should -Be $created.id
        (Get-RequestCount -Path '/v2/customer/find') - $before | Should -Be 1
    }

    It 'sends a write with -Confirm:$false' {
        $email = "confirm.$(New-Tag)@example.com"
        $before = Get-RequestCount -Path '/v2/customer/create'
        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email) -Confirm:$false
        $created.email | Should -BeExactly $email
        (Get-RequestCount -Path '/v2/customer/create') - $before | Should -Be 1
    }
}

Describe 'Session features through the raw request' {
    It 'renews a short-lived access token by itself: requests over 5 s all succeed' {
        $short = Start-MerchantSandbox -AccessTokenLifetime 2
        try {
            $context = Connect-MerchantApi -BaseUri $short.Uri -MerchantId $short.MerchantId -Credential $short.Credential -PassThru
            $results = foreach ($i in 1..6) {
                Invoke-MerchantApiRequest v2/customer/find @{ email = "renew$i@example.com" } -Context $context -Raw -ErrorVariable +failed
                Start-Sleep -Milliseconds 1000
            }
            @($failed) | Should -HaveCount 0
            @($results) | Should -HaveCount 6
            @($results.StatusCode | Sort-Object -Unique) | Should -Be 200
            (Get-MerchantSandboxStats $short).refreshes | Should -BeGreaterOrEqual 1 -Because 'the 2-second token expired along the way'
        }
        finally { Stop-MerchantSandbox $short }
    }

    It 'sends to the session given by -Context, leaving the current one current' {
        $other = Start-MerchantSandbox
        try {
            $second = Connect-MerchantApi -BaseUri $other.Uri -MerchantId $other.MerchantId -Credential $other.Credential -PassThru
            $first = Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential -PassThru
            $countFirst = (Get-MerchantSandboxStats $Sandbox).customers
            $countSecond = (Get-MerchantSandboxStats $other).customers
            $email = "context.$(New-Tag)@example.com"
            $created = Invoke-MerchantApiRequest v2/customer/create (New-Body $email) -Context $second
            (Get-MerchantSandboxStats $other).customers | Should -Be ($countSecond + 1)
            (Get-MerchantSandboxStats $Sandbox).customers | Should -Be $countFirst
            (Invoke-MerchantApiRequest v2/customer/find @{ email = $email } -Context $second).id | Should -Be $created.id
            @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email }) | Should -HaveCount 0 -Because 'the current session is the first sandbox'
            @(Invoke-MerchantApiRequest v2/customer/find @{ email = $email } -Context $first) | Should -HaveCount 0
            (Get-MerchantContext).BaseUri | Should -Be $Sandbox.Uri
        }
        finally { Stop-MerchantSandbox $other }
    }

    It 'logs the request under -Debug with "Bearer [redacted]" and never the token' {
        $debug = Invoke-MerchantApiRequest v2/customer/find @{ email = 'debug@example.com' } -Debug 5>&1 |
            Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        $text = $debug -join "`n"
        $text | Should -Match ([regex]::Escape('HTTP POST /v2/customer/find -> 200'))
        $text | Should -Match ([regex]::Escape('Authorization: Bearer [redacted]'))
        foreach ($secret in Get-MerchantSandboxIssuedSecret $Sandbox | Where-Object { $_ }) {
            $text.Contains($secret) | Should -BeFalse
        }
    }
}

Describe 'No secret in any stream, transcript or error' {
    BeforeAll {
        $script:Leaky = Start-MerchantSandbox -RandomSecrets -AccessTokenLifetime 2
        $script:Canary = 'RAW-LEAK-CANARY-' + [guid]::NewGuid().ToString('n')
        $script:LeakTranscript = Join-Path $TestDrive 'raw-leak-transcript.txt'

        # Every record of every stream, errors in full detail, as text.
        function ConvertTo-LeakText($Records) {
            foreach ($record in $Records) {
                if ($record -is [System.Management.Automation.ErrorRecord]) {
                    $record | Format-List * -Force | Out-String -Width 4096
                    $record.Exception | Format-List * -Force | Out-String -Width 4096
                    $record.Exception.ToString()
                    "$($record.ErrorDetails.Message) $($record.ErrorDetails.RecommendedAction)"
                }
                elseif ($record -is [MerchantApi.ApiResponse]) {
                    $record | Format-List * -Force | Out-String -Width 4096
                    $record.Headers | Format-Table -AutoSize | Out-String -Width 4096
                    $record.Body | ConvertTo-Json -Depth 10
                }
                else { $record | Format-List * -Force | Out-String -Width 4096 }
            }
        }
        # The secrets found in the text (the grep of the check).
        function Find-Secret([string] $Text, [string[]] $Secrets) { @($Secrets | Where-Object { $_ -and $Text.Contains($_) }) }

        $ErrorActionPreference = 'Continue'
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        $null = Start-Transcript -LiteralPath $LeakTranscript -Force
        try {
            $script:LeakRecords = @(& {
                    try {
                        Write-Verbose "canary $Canary"
                        $context = Connect-MerchantApi -BaseUri $Leaky.Uri -MerchantId $Leaky.MerchantId -Credential $Leaky.Credential -PassThru -Verbose -Debug
                        $context | Format-List * -Force | Out-String
                        $created = Invoke-MerchantApiRequest v2/customer/create (New-Body 'leak.one@example.com') -Verbose -Debug
                        $created
                        Invoke-MerchantApiRequest v2/customer/find @{ email = 'leak.one@example.com' } -Raw -Verbose -Debug
                        Invoke-MerchantApiRequest v2/customer/details @{ id = $created.id } -Raw -Debug
                        Start-Sleep -Milliseconds 2500 # the 2-second token expires: the next call renews it
                        (New-Body 'leak.two@example.com'), (New-Body 'leak.one@example.com') | Invoke-MerchantApiRequest v2/customer/create -Verbose -Debug
                        Invoke-MerchantApiRequest v2/customer/find -Paginate -PageSize 1 -Raw -Verbose -Debug
                        Invoke-MerchantApiRequest v2/balanse @{ walletId = $created.walletId } -Verbose -Debug
                        Invoke-MerchantApiRequest v2/customer/find 'not json' -Verbose -Debug
                        Set-MerchantSandboxHostile $Leaky -Path '/v2/transfer' -Mode html
                        Invoke-MerchantApiRequest v2/transfer @{ externalId = 'leak-t1' } -Verbose -Debug
                        Connect-MerchantApi -BaseUri $Leaky.Uri -ApiKey $Leaky.SecureApiKey -Verbose -Debug
                        Invoke-MerchantApiRequest v2/customer/find @{ email = 'leak.two@example.com' } -Raw -Verbose -Debug
                        Invoke-MerchantApiRequest "http://example.invalid/v2/customer/find" -Verbose -Debug
                    }
                    catch { $_ }
                } *>&1)
            # The same kinds of call once more with every stream going to the host, as a user's console shows them:
            # this is what the transcript holds.
            & {
                Write-Verbose "canary $Canary"
                Invoke-MerchantApiRequest v2/customer/find @{ email = 'leak.one@example.com' } -Raw -Verbose -Debug | Format-List * -Force
                Start-Sleep -Milliseconds 2500
                Invoke-MerchantApiRequest v2/customer/create (New-Body 'leak.three@example.com') -Verbose -Debug
                Invoke-MerchantApiRequest v2/customer/create (New-Body 'leak.three@example.com') -Verbose -Debug
                Invoke-MerchantApiRequest v2/balanse @{ walletId = 'w' } -Verbose -Debug
                Connect-MerchantApi -BaseUri $Leaky.Uri -MerchantId $Leaky.MerchantId -Credential $Leaky.Credential -PassThru -Verbose -Debug | Format-List * -Force
            } *>&1 | Out-Host
        }
        finally {
            $null = Stop-Transcript
            $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'
            Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        }
        $script:LeakText = (ConvertTo-LeakText $LeakRecords) -join "`n"
        $script:TranscriptText = Get-Content -LiteralPath $LeakTranscript -Raw
        $script:LeakSecrets = @(Get-MerchantSandboxIssuedSecret $Leaky | Where-Object { $_ })
        if ($env:MERCHANTAPI_TEST_RESULTS) {
            # For the suite's final leak check too.
            Add-Content -LiteralPath (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'captured-streams.txt') -Value $LeakText
        }
    }
    AfterAll { Stop-MerchantSandbox $Leaky }

    It 'exercised what it means to: output, -Raw answers, Debug and Verbose records, errors, a renewal' {
        @($LeakRecords | Where-Object { $_ -is [MerchantApi.ApiResponse] }).Count | Should -BeGreaterOrEqual 4
        @($LeakRecords | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterOrEqual 8
        @($LeakRecords | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterOrEqual 1
        $errors = @($LeakRecords | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        @($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] }) | Should -Be 'CustomerAlreadyExists', 'NotFound', 'BodyNotJson', 'WriteOutcomeUnknown', 'PathNotUnderBaseUri'
        (Get-MerchantSandboxStats $Leaky).refreshes | Should -BeGreaterOrEqual 1
        $LeakText | Should -Match ([regex]::Escape('Bearer [redacted]'))
        $LeakText | Should -Match 'Api-key: \[redacted\]'
        # Issued: the password, the API key, the first access and refresh tokens and those of the renewal.
        $LeakSecrets.Count | Should -BeGreaterOrEqual 6
    }

    It 'finds a planted canary, and a planted secret (the positive control: the check can fail)' {
        $LeakText | Should -Match $Canary
        $TranscriptText | Should -Match $Canary
        Find-Secret ($LeakText + $Leaky.Password) $LeakSecrets | Should -Be $Leaky.Password
        Find-Secret ("x$($LeakSecrets[-1])x") $LeakSecrets | Should -Be $LeakSecrets[-1]
    }

    It 'shows no password, API key, access or refresh token in any stream, error or the transcript' {
        Find-Secret $LeakText $LeakSecrets | Should -BeNullOrEmpty
        Find-Secret $TranscriptText $LeakSecrets | Should -BeNullOrEmpty
    }
}
