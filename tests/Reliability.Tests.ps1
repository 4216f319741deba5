# Issue #5: bad input, hostile server answers and a server that never answers. Figures in docs/reliability.md.
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox -RandomSecrets
    Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential

    function New-Row([string] $Email) {
        [pscustomobject]@{
            Email = $Email; PhoneNumber = '+33612345678'; FirstName = 'Camille'; LastName = 'Martin'; Country = 'FR'
            VerificationDocumentId = 'FV633452'; ResidenceAddress = '5 Av. Anatole France, 75007 Paris'
        }
    }
    function Get-RequestCount([string] $Path) {
        $stats = Get-MerchantSandboxStats $Sandbox
        $byStatus = $stats.requests.PSObject.Properties[$Path]
        if (-not $byStatus) { return 0 }
        [int](@($byStatus.Value.PSObject.Properties.Value | Measure-Object -Sum).Sum)
    }
    function Get-WorkingSetMB {
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $process = [System.Diagnostics.Process]::GetCurrentProcess()
        $process.Refresh()
        $process.WorkingSet64 / 1MB
    }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Bad-input corpus (tests/data/bad-rows.csv)' {
    BeforeAll {
        $script:Corpus = Import-Csv (Join-Path $PSScriptRoot 'data' 'bad-rows.csv')
        $script:BadRows = @($Corpus | Where-Object ExpectedErrorId)
        # The module refuses these itself and sends nothing; ValidationError rows are sent, and the server refuses them.
        $script:RejectedRows = @($BadRows | Where-Object ExpectedErrorId -NE 'ValidationError')
        $script:RefusedRows = @($BadRows | Where-Object ExpectedErrorId -EQ 'ValidationError')
        $script:GoodRows = @($Corpus | Where-Object { -not $_.ExpectedErrorId })
        $script:CreatesBefore = Get-RequestCount '/v2/customer/create'
        $script:Customers = @($Corpus | New-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose 4>&1 |
                Tee-Object -Variable everything | Where-Object { $_ -is [MerchantApi.Customer] })
        $script:Failures = @($failures)
        $script:Verbose = @($everything | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $script:CreatesAfter = Get-RequestCount '/v2/customer/create'
    }

    It 'holds at least 25 distinct kinds of bad row, each naming its case and expected ErrorId' {
        @($BadRows.Case | Sort-Object -Unique) | Should -HaveCount $BadRows.Count
        $BadRows.Count | Should -BeGreaterOrEqual 25
        # Every check the module makes on a create, and rows that only the server refuses, each naming the field.
        @($RejectedRows.ExpectedErrorId | Sort-Object -Unique) | Should -Be 'ControlCharacterInField', 'DuplicateEmailInInput', 'InvalidCountry', 'InvalidEmail', 'MissingRequiredField'
        $RefusedRows.Count | Should -BeGreaterOrEqual 5
        @($RefusedRows | Where-Object { -not $_.ExpectedField }).Case | Should -BeNullOrEmpty
        # The quoted multi-line cells survived checkout (.gitattributes) and Import-Csv: one each of CR LF and LF alone.
        foreach ($field in 'ResidenceAddress', 'Comment') {
            @($Corpus | Where-Object { $_.$field -match "`r`n" }) | Should -HaveCount 1 -Because "one $field has CR LF line breaks"
            @($Corpus | Where-Object { $_.$field -match "(?<!`r)`n" }) | Should -HaveCount 1 -Because "one $field has LF line breaks"
        }
    }

    It 'gives exactly one error per bad row, with the expected ErrorId and the row number; the server''s refusals name the field' {
        $Failures | Should -HaveCount $BadRows.Count
        foreach ($failure in $Failures) {
            $row = $failure.TargetObject
            $row.ExpectedErrorId | Should -Not -BeNullOrEmpty -Because "only bad rows may fail (got $($failure.FullyQualifiedErrorId) for $($row.Case): $($failure.Exception.Message))"
            ($failure.FullyQualifiedErrorId -split ',')[0] | Should -Be $row.ExpectedErrorId -Because "case $($row.Case)"
            $failure.CategoryInfo.Category | Should -Be 'InvalidData'
            $number = [array]::IndexOf($Corpus, $row) + 1
            $failure.Exception.Message | Should -Match "\b[Rr]ow $number\b" -Because "case $($row.Case)"
            if ($row.ExpectedField) {
                $failure.Exception.Message | Should -MatchExactly "^Row $number\b.* was refused by the server: $($row.ExpectedField)\b" -Because "case $($row.Case)"
                $failure.Exception.Field | Should -BeExactly $row.ExpectedField -Because "case $($row.Case)"
            }
        }
        @($Failures.TargetObject.Case | Sort-Object) | Should -Be @($BadRows.Case | Sort-Object)
    }

    It 'sends no create request for a row the module rejects, one for every other row, and creates every good row, in order' {
        $CreatesAfter - $CreatesBefore | Should -Be ($GoodRows.Count + $RefusedRows.Count)
        $Customers | Should -HaveCount $GoodRows.Count
        $Customers.ExternalId | Should -Be @($GoodRows | ForEach-Object { if ($_.ExternalId) { $_.ExternalId } else { $null } })
        @($Customers.Email | ForEach-Object ToLowerInvariant) | Should -Be @($GoodRows.Email | ForEach-Object ToLowerInvariant)
    }

    It 'stores formula-like values byte for byte, as data' {
        $formulaRows = @($GoodRows | Where-Object { $_.Comment -match '^[=+@-]' })
        $formulaRows.Count | Should -BeGreaterOrEqual 4
        foreach ($row in $formulaRows) {
            $stored = $Customers | Where-Object Email -EQ $row.Email
            [Text.Encoding]::UTF8.GetBytes($stored.Comment) | Should -Be ([Text.Encoding]::UTF8.GetBytes($row.Comment)) -Because $row.Case
            $stored.LastName | Should -BeExactly $row.LastName
            "$($stored.ExternalId)" | Should -BeExactly $row.ExternalId
        }
    }

    It 'stores line breaks and tabs in comments and addresses, and long values, byte for byte (read back from the server)' {
        $freeTextRows = @($GoodRows | Where-Object { "$($_.Comment)$($_.ResidenceAddress)" -match '[\r\n\t]' -or $_.FirstName.Length -gt 100 -or
                $_.Comment.Length -gt 1000 -or $_.ResidenceAddress.Length -gt 300 })
        $freeTextRows.Count | Should -BeGreaterOrEqual 7
        foreach ($row in $freeTextRows) {
            $created = @($Customers | Where-Object Email -EQ $row.Email)
            $created | Should -HaveCount 1 -Because "$($row.Case) is created"
            $stored = Get-MerchantCustomer -Id $created[0].Id
            foreach ($field in 'FirstName', 'Comment', 'ResidenceAddress') {
                $expected = if ($row.$field) { [Text.Encoding]::UTF8.GetBytes($row.$field) } else { $null }
                $actual = if ($null -ne $stored.$field) { [Text.Encoding]::UTF8.GetBytes($stored.$field) } else { $null }
                $actual | Should -Be $expected -Because "$($row.Case), $field"
            }
        }
        ($Customers | Where-Object Email -EQ 'good-phone-00-prefix-and-separators@example.com').PhoneNumber | Should -Be '+33612345678'
    }

    It 'names the extra columns Case, ExpectedErrorId and ExpectedField in one Verbose line' {
        $lines = @($Verbose | Where-Object { $_.Message -match 'ExpectedErrorId' })
        $lines | Should -HaveCount 1
        $lines[0].Message | Should -Match '\bCase\b'
        $lines[0].Message | Should -Match '\bExpectedField\b'
    }
}

Describe 'Hostile server answers' {
    BeforeEach {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
    }

    It 'fails the row with <ErrorId> when create gets <Mode>, and the next row still succeeds' -ForEach @(
        @{ Mode = 'html'; ErrorId = 'Http502'; Message = 'text/html' }
        @{ Mode = 'truncated'; ErrorId = 'MalformedResponse'; Message = 'JSON could not be read' }
        @{ Mode = 'empty'; ErrorId = 'EmptyResponse'; Message = 'empty body' }
        @{ Mode = 'wrong-shape'; ErrorId = 'MalformedResponse'; Message = 'JSON could not be read' }
        @{ Mode = 'huge'; ErrorId = 'ResponseTooLarge'; Message = 'exceeds 8 MB' }
        @{ Mode = 'redirect'; ErrorId = 'UnexpectedRedirect'; Message = 'not followed' }
    ) {
        Set-MerchantSandboxHostile $Sandbox -Path '/v2/customer/create' -Mode $Mode -Count 1
        $rows = (New-Row "hostile.$Mode@example.com"), (New-Row "after.$Mode@example.com")
        $customers = @($rows | New-MerchantCustomer -ThrottleLimit 1 -MaximumRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be $ErrorId
        $failures[0].Exception.Message | Should -Match ([regex]::Escape($Message))
        $failures[0].Exception.Message | Should -Match 'Row 1'
        $failures[0].TargetObject | Should -Be $rows[0]
        $customers.Email | Should -Be "after.$Mode@example.com"
    }

    It 'keeps memory bounded when the server sends a 50 MB body' {
        $null = New-Row 'warmup.huge@example.com' | New-MerchantCustomer
        $before = Get-WorkingSetMB
        Set-MerchantSandboxHostile $Sandbox -Path '/v2/customer/create' -Mode huge -Count 3
        $null = New-Row 'huge.memory@example.com' | New-MerchantCustomer -MaximumRetryCount 2 -ErrorVariable failures -ErrorAction SilentlyContinue
        $after = Get-WorkingSetMB
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'ResponseTooLarge'
        $after - $before | Should -BeLessThan 20 -Because "working set went from $([int]$before) MB to $([int]$after) MB"
        Set-Content (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'huge-body-memory.txt') ("working set before {0:0.0} MB, after {1:0.0} MB, growth {2:0.0} MB" -f $before, $after, ($after - $before))
    }

    It 'never sends the Authorization or Api-key header to another host (<Kind> session)' -ForEach @(
        @{ Kind = 'Credential' }
        @{ Kind = 'ApiKey' }
    ) {
        if ($Kind -eq 'ApiKey') { Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey }
        $statsBefore = Get-MerchantSandboxStats $Sandbox
        Set-MerchantSandboxHostile $Sandbox -Path '/v2/customer/create' -Mode redirect -Count 1
        $null = New-Row "redirect.$Kind@example.com" | New-MerchantCustomer -ErrorVariable failures -ErrorAction SilentlyContinue
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'UnexpectedRedirect'
        $stats = Get-MerchantSandboxStats $Sandbox
        $stats.leakedAuthHeaders | Should -Be 0
        $stats.elsewhereRequests | Should -Be $statsBefore.elsewhereRequests
    }

    It 'does not follow a redirect on sign-in (the password stays here) and keeps the session' {
        Set-MerchantSandboxHostile $Sandbox -Path '/v2/auth/login' -Mode redirect -Count 1
        $failure = { Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential } |
            Should -Throw -PassThru
        ($failure.FullyQualifiedErrorId -split ',')[0] | Should -Be 'UnexpectedRedirect'
        (Get-MerchantSandboxStats $Sandbox).elsewhereRequests | Should -Be 0
        (Get-MerchantContext).AuthKind | Should -Be 'Credential'
    }
}

Describe 'A server that accepts the connection and never answers' {
    It 'fails only that row with RequestTimedOut after -TimeoutSec and the retry budget; the other rows succeed' {
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        $createsBefore = Get-RequestCount '/v2/customer/create'
        $findsBefore = Get-RequestCount '/v2/customer/find'
        # One hanging answer: with -MaximumRetryCount 1 the row has two requests in all, the create and the look-up
        # that finds it was not stored; nothing is left for a second create.
        Set-MerchantSandboxHostile $Sandbox -Path '/v2/customer/create' -Mode hang -Count 1
        $rows = @(New-Row 'hang.first@example.com') + @(1..3 | ForEach-Object { New-Row "hang.after$_@example.com" })
        $customers = @($rows | New-MerchantCustomer -ThrottleLimit 1 -TimeoutSec 1 -MaximumRetryCount 1 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'RequestTimedOut'
        $failures[0].Exception.Message | Should -Match 'within 1 s'
        $failures[0].TargetObject | Should -Be $rows[0]
        $customers.Email | Should -Be $rows[1..3].Email
        # The hanging row was sent once and looked up once (its whole budget); the other three were sent once each.
        (Get-RequestCount '/v2/customer/create') - $createsBefore | Should -Be 4
        (Get-RequestCount '/v2/customer/find') - $findsBefore | Should -Be 1
    }
}

Describe 'A server of our own: bodies cut short or without a length' {
    BeforeAll {
        # A minimal HTTP server: find answers "none found"; the first create gets its headers (Content-Length 1000)
        # and 14 bytes, then the connection closes, as when a proxy or the network cuts an answer short.
        $script:Listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $Listener.Start()
        $script:CutServer = Start-ThreadJob -ArgumentList $Listener -ScriptBlock {
            param($listener)
            $creates = 0
            while ($true) {
                try { $client = $listener.AcceptTcpClient() } catch { return }
                try {
                    $stream = $client.GetStream()
                    $head = ''
                    while (-not $head.Contains("`r`n`r`n")) {
                        $buffer = [byte[]]::new(4096)
                        $n = $stream.Read($buffer, 0, $buffer.Length)
                        if ($n -le 0) { break }
                        $head += [Text.Encoding]::ASCII.GetString($buffer, 0, $n)
                    }
                    $length = if ($head -match '(?im)^Content-Length:\s*(\d+)') { [int]$Matches[1] } else { 0 }
                    while ($head.Length - $head.IndexOf("`r`n`r`n") - 4 -lt $length) {
                        $buffer = [byte[]]::new(4096)
                        $head += [Text.Encoding]::ASCII.GetString($buffer, 0, $stream.Read($buffer, 0, $buffer.Length))
                    }
                    $path = ($head -split ' ')[1]
                    if ($head.Contains('stream.huge')) {
                        # 50 MiB of valid JSON with no Content-Length: the end of the body is the end of the connection.
                        $prefix = [Text.Encoding]::ASCII.GetBytes("HTTP/1.1 200 OK`r`nContent-Type: application/json`r`nConnection: close`r`n`r`n{`"data`":{`"padding`":`"")
                        $stream.Write($prefix, 0, $prefix.Length)
                        $chunk = [byte[]]::new(64KB); [Array]::Fill($chunk, [byte][char]'a')
                        try { foreach ($i in 1..800) { $stream.Write($chunk, 0, $chunk.Length) } } catch { } # the client hangs up at 8 MB
                        continue
                    }
                    $body = if ($path -like '*/find') { '{"data":[]}' }
                            else { $creates++; '{"data":{"id":"cus_' + $creates + '","email":"cut' + $creates + '@example.com","firstName":"a","lastName":"b"}}' }
                    $declared = if ($path -like '*/create' -and $creates -eq 1) { 1000 } else { [Text.Encoding]::UTF8.GetByteCount($body) }
                    $bytes = [Text.Encoding]::UTF8.GetBytes("HTTP/1.1 200 OK`r`nContent-Type: application/json`r`nContent-Length: $declared`r`nConnection: close`r`n`r`n" + $body)
                    if ($declared -eq 1000) { $bytes = $bytes[0..($bytes.Length - $body.Length + 13)] }
                    $stream.Write($bytes, 0, $bytes.Length)
                    $stream.Flush()
                }
                finally { $client.Dispose() }
            }
        }
        $script:CutUri = "http://127.0.0.1:$($Listener.LocalEndpoint.Port)/"
    }
    AfterAll {
        $Listener.Stop()
        $CutServer | Wait-Job -Timeout 10 | Receive-Job -ErrorAction SilentlyContinue | Out-Null
        $CutServer | Remove-Job -Force
    }

    It 'refuses a 50 MB body sent without a length once 8 MB have arrived, with bounded memory' {
        Connect-MerchantApi -BaseUri $CutUri -ApiKey (ConvertTo-SecureString 'cut-server-key' -AsPlainText -Force)
        $before = Get-WorkingSetMB
        $allocatedBefore = [GC]::GetTotalAllocatedBytes($true)
        $null = New-Row 'stream.huge@example.com' | New-MerchantCustomer -MaximumRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue
        $allocatedMB = ([GC]::GetTotalAllocatedBytes($true) - $allocatedBefore) / 1MB
        $after = Get-WorkingSetMB
        # Working set after a GC shows nothing is kept; the allocations show the 50 MB was never held at once
        # (buffering it all would allocate > 100 MB in a growing MemoryStream).
        $allocatedMB | Should -BeLessThan 40 -Because "the call allocated $([int]$allocatedMB) MB"
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'ResponseTooLarge'
        $after - $before | Should -BeLessThan 20 -Because "working set went from $([int]$before) MB to $([int]$after) MB"
        Add-Content (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'huge-body-memory.txt') ("streamed without length: working set before {0:0.0} MB, after {1:0.0} MB, growth {2:0.0} MB; allocated during the call {3:0.0} MB" -f $before, $after, ($after - $before), $allocatedMB)
    }

    It 'fails only that row with ConnectionFailed; the run goes on' {
        Connect-MerchantApi -BaseUri $CutUri -ApiKey (ConvertTo-SecureString 'cut-server-key' -AsPlainText -Force)
        $rows = (New-Row 'cut1@example.com'), (New-Row 'cut2@example.com')
        $customers = @($rows | New-MerchantCustomer -ThrottleLimit 1 -MaximumRetryCount 0 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures | Should -HaveCount 1
        ($failures[0].FullyQualifiedErrorId -split ',')[0] | Should -Be 'ConnectionFailed'
        $failures[0].Exception.Message | Should -Match 'Row 1: .*ended prematurely'
        $failures[0].TargetObject | Should -Be $rows[0]
        $customers.Id | Should -Be 'cus_2'
    }
}
