# Issue #3: sessions and tokens end to end over real HTTP against the sandbox (connect, context, renewal, secrets,
# Ctrl+C, and a 30-second run across many token lifetimes).
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:ModulePath = $env:MERCHANTAPI_TEST_MODULE
    $script:Sandbox = Start-MerchantSandbox
    $script:EnvNames = 'MERCHANTAPI_BASEURI', 'MERCHANTAPI_MERCHANTID', 'MERCHANTAPI_EMAIL', 'MERCHANTAPI_PASSWORD', 'MERCHANTAPI_APIKEY'

    function New-TestRow([string] $Prefix = 'session') {
        [pscustomobject]@{
            Email = "$Prefix-$([guid]::NewGuid().ToString('n'))@example.com"; FirstName = 'Alex'; LastName = 'Smith'
            Country = 'FR'; VerificationDocumentId = 'FV633452'; ResidenceAddress = '5 Av. Anatole France, Paris'
        }
    }

    function Connect-Sandbox($Target, [switch] $PassThru, [switch] $NoAutoRelogin) {
        Connect-MerchantApi -BaseUri $Target.Uri -MerchantId $Target.MerchantId -Credential $Target.Credential -PassThru:$PassThru -NoAutoRelogin:$NoAutoRelogin
    }

    function Clear-MerchantEnvironment { foreach ($name in $EnvNames) { Remove-Item "env:$name" -ErrorAction SilentlyContinue } }
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Connect-MerchantApi' {
    AfterEach { Clear-MerchantEnvironment }

    It 'takes every value of a credential session from the environment when no parameter is given' {
        $env:MERCHANTAPI_BASEURI = "$($Sandbox.Uri)"; $env:MERCHANTAPI_MERCHANTID = $Sandbox.MerchantId
        $env:MERCHANTAPI_EMAIL = $Sandbox.Email; $env:MERCHANTAPI_PASSWORD = $Sandbox.Password
        $context = Connect-MerchantApi -PassThru
        $context.AuthKind | Should -Be 'Credential'
        $context.Account | Should -Be $Sandbox.Email
        $context.MerchantId | Should -Be $Sandbox.MerchantId
    }

    It 'takes an API-key session from the environment when no parameter is given' {
        $env:MERCHANTAPI_BASEURI = "$($Sandbox.Uri)"; $env:MERCHANTAPI_APIKEY = $Sandbox.ApiKey
        (Connect-MerchantApi -PassThru).AuthKind | Should -Be 'ApiKey'
    }

    It 'lets parameters win over the environment' {
        $env:MERCHANTAPI_BASEURI = 'http://127.0.0.1:1/'; $env:MERCHANTAPI_MERCHANTID = 'not-this-one'
        $env:MERCHANTAPI_EMAIL = 'nobody@example.com'; $env:MERCHANTAPI_PASSWORD = 'not-this-either'
        $context = Connect-Sandbox $Sandbox -PassThru
        $context.BaseUri | Should -Be $Sandbox.Uri
        $context.Account | Should -Be $Sandbox.Email
    }

    It 'says what is missing when neither parameters nor environment give a credential, with the base URI as target' {
        $failure = { Connect-MerchantApi -BaseUri $Sandbox.Uri } | Should -Throw -ErrorId 'MissingCredential,*' -PassThru
        $failure.TargetObject | Should -Be $Sandbox.Uri
    }

    It 'refuses to send a credential over plain http to another host and keeps the previous session' {
        Connect-Sandbox $Sandbox
        $failure = { Connect-MerchantApi -BaseUri 'http://merchant.example/' -MerchantId m -Credential $Sandbox.Credential } |
            Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InsecureTransport,*'
        $failure.Exception.Message | Should -Match 'https://'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-BaseUri'
        (Get-MerchantContext).BaseUri | Should -Be $Sandbox.Uri
    }

    It 'refuses a -BaseUri without http:// or https:// as an invalid argument, with the value as target and advice' {
        $failure = { Connect-MerchantApi -BaseUri 'api.example.com' -MerchantId m -Credential $Sandbox.Credential } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidBaseUri,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        "$($failure.TargetObject)" | Should -Be 'api.example.com'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'https://api\.example\.com'
    }

    It 'returns a context with who, where and when with -PassThru (and nothing without), and no secret in any property or view' {
        Connect-Sandbox $Sandbox | Should -BeNullOrEmpty -Because 'Connect-MerchantApi writes the context only with -PassThru'
        $context = Connect-Sandbox $Sandbox -PassThru
        $context.PSObject.TypeNames[0] | Should -Be 'MerchantApi.Context'
        $context.UserName | Should -Be 'SEED_INSTITUTION_OWNER_PROFILE'
        $context.Role | Should -Be 'Owner'
        $context.Institution | Should -Be 'Cool Company'
        $context.AccessTokenExpiresAt | Should -BeLessThan $context.RefreshTokenExpiresAt
        $secrets = Get-MerchantSandboxIssuedSecret $Sandbox
        $views = ($context | Format-List * | Out-String) + ($context | Format-Table * | Out-String) + ($context | Out-String) +
            ($context | ConvertTo-Json -Depth 5) + (@($context.PSObject.Properties.Value) -join ' ')
        foreach ($secret in $secrets) { $views.Contains($secret) | Should -BeFalse }
    }
}

Describe 'Connect-MerchantApi fails fast and says why' {
    BeforeEach { Connect-Sandbox $Sandbox }

    It 'fails within a few seconds on a refused port with ConnectionFailed naming the host, after its 2 default retries' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $uri = [uri]"http://127.0.0.1:$port/"
        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        $verbose = [System.Collections.Generic.List[object]]::new() # filled as the records come, before the error ends the pipeline
        $failure = { Connect-MerchantApi -BaseUri $uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential -Verbose 4>&1 |
                ForEach-Object { $verbose.Add($_) } } | Should -Throw -PassThru
        $clock.Stop()

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'nine retries with back-off took 33 s'
        $failure.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $failure.Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.Exception.Message | Should -Match "127\.0\.0\.1:$port"
        $failure.TargetObject | Should -Be $uri
        $failure.ErrorDetails.RecommendedAction | Should -Match '-BaseUri'
        @($verbose | Where-Object { "$_" -match '^POST /v2/auth/login failed: .* Retrying in' }).Count | Should -Be 2
        (Get-MerchantContext).BaseUri | Should -Be $Sandbox.Uri -Because 'the previous session stays current'
    }

    It 'fails after -TimeoutSec per attempt on a listener that never answers, saying under -Verbose what it waits for and no secret' {
        # Listening but never accepting: the handshake completes and the request is taken; no answer ever comes.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $hostPort = "127.0.0.1:$($listener.LocalEndpoint.Port)"
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $verbose = [System.Collections.Generic.List[object]]::new()
            $failure = { Connect-MerchantApi -BaseUri "http://$hostPort/" -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential `
                    -TimeoutSec 2 -MaximumRetryCount 1 -Verbose 4>&1 | ForEach-Object { $verbose.Add($_) } } | Should -Throw -PassThru
            $clock.Stop()
            $attempts = 0
            while ($listener.Pending()) { $listener.AcceptTcpClient().Dispose(); $attempts++ }
        } finally {
            $listener.Stop()
        }

        $failure.FullyQualifiedErrorId | Should -BeLike 'RequestTimedOut,*'
        $failure.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failure.Exception.Message | Should -Be "POST /v2/auth/login got no complete answer from $hostPort within 2 s."
        $failure.ErrorDetails.RecommendedAction | Should -Match '-TimeoutSec'
        $attempts | Should -Be 2 -Because '-MaximumRetryCount 1 allows one retry'
        $clock.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 4
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 12 -Because 'two attempts of 2 s and a short back-off'
        $lines = @($verbose | ForEach-Object { "$_" })
        @($lines -like 'Signing in to *') | Should -Be "Signing in to $hostPort as $($Sandbox.Email)..." # after "Transport: ..." when it is not the default
        @($lines -like "No answer yet from $hostPort after 1 s (POST /v2/auth/login); waiting up to 2 s.").Count | Should -Be 2
        foreach ($line in $lines) { $line.Contains($Sandbox.Password) | Should -BeFalse }
    }

    It 'refuses a -MerchantId that is not a GUID with -ApiKey before sending anything, and keeps a GUID as given' {
        $before = Get-MerchantSandboxStats $Sandbox
        $failure = { Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey -MerchantId 'm_42' } | Should -Throw -PassThru
        $after = Get-MerchantSandboxStats $Sandbox

        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidMerchantId,*'
        $failure.Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match '^-MerchantId is not a merchant id: merchant ids are GUIDs'
        $failure.TargetObject | Should -Be 'm_42'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'GUID'
        ($after.requests | ConvertTo-Json -Depth 5) | Should -Be ($before.requests | ConvertTo-Json -Depth 5) -Because 'nothing was sent'
        (Get-MerchantContext).AuthKind | Should -Be 'Credential' -Because 'the previous session stays current'

        (Connect-MerchantApi -BaseUri $Sandbox.Uri -ApiKey $Sandbox.SecureApiKey -MerchantId $Sandbox.MerchantId -PassThru).MerchantId |
            Should -Be $Sandbox.MerchantId
    }
}

Describe 'Get-MerchantContext and Disconnect-MerchantApi' {
    It 'forgets the session on disconnect' {
        Connect-Sandbox $Sandbox
        Disconnect-MerchantApi
        Get-MerchantContext | Should -BeNullOrEmpty
        { New-TestRow | New-MerchantCustomer } | Should -Throw -ErrorId 'NotConnected,*'
        Disconnect-MerchantApi -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'Not connected'
    }

    It 'shares one session with ForEach-Object -Parallel and Start-ThreadJob runspaces without reconnecting' {
        Connect-Sandbox $Sandbox
        $before = Get-MerchantSandboxStats $Sandbox
        $parallel = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:ModulePath
            $row = [pscustomobject]@{ Email = "parallel-$_-$([guid]::NewGuid().ToString('n'))@example.com"; FirstName = 'P'; LastName = 'L'
                Country = 'FR'; VerificationDocumentId = 'D1'; ResidenceAddress = 'Paris' }
            ($row | New-MerchantCustomer).Email
        }
        $job = Start-ThreadJob -ScriptBlock {
            Import-Module $using:ModulePath
            (Get-MerchantContext).Account
            ([pscustomobject]@{ Email = "thread-$([guid]::NewGuid().ToString('n'))@example.com"; FirstName = 'T'; LastName = 'J'
                Country = 'FR'; VerificationDocumentId = 'D1'; ResidenceAddress = 'Paris' } | New-MerchantCustomer).Email
        }
        $threadOutput = $job | Wait-Job | Receive-Job -ErrorAction Stop
        $job | Remove-Job
        $after = Get-MerchantSandboxStats $Sandbox

        $parallel | Should -HaveCount 4
        $threadOutput[0] | Should -Be $Sandbox.Email
        $threadOutput[1] | Should -BeLike 'thread-*'
        $after.customers | Should -Be ($before.customers + 5)
        $after.logins | Should -Be $before.logins
    }

    It 'serves two merchants at once with -Context' {
        $other = Start-MerchantSandbox
        try {
            $first = Connect-Sandbox $Sandbox -PassThru
            $second = Connect-Sandbox $other -PassThru
            $countFirst = (Get-MerchantSandboxStats $Sandbox).customers
            $countSecond = (Get-MerchantSandboxStats $other).customers

            $null = New-TestRow | New-MerchantCustomer -Context $first
            $null = New-TestRow | New-MerchantCustomer -Context $second
            $null = New-TestRow | New-MerchantCustomer -Context $first
            (Update-MerchantToken -Context $first -PassThru).BaseUri | Should -Be $Sandbox.Uri

            (Get-MerchantSandboxStats $Sandbox).customers | Should -Be ($countFirst + 2)
            (Get-MerchantSandboxStats $other).customers | Should -Be ($countSecond + 1)
            (Get-MerchantContext).BaseUri | Should -Be $other.Uri
        } finally {
            Stop-MerchantSandbox $other
            Connect-Sandbox $Sandbox
        }
    }
}

Describe 'Token renewal' {
    It 'shows the new expiries after Update-MerchantToken -PassThru' {
        $before = Connect-Sandbox $Sandbox -PassThru
        Start-Sleep -Milliseconds 1100 # JWT times are whole seconds: a second later the new token expires later
        $after = Update-MerchantToken -PassThru
        $after.AccessTokenExpiresAt | Should -BeGreaterThan $before.AccessTokenExpiresAt
    }

    It 'survives a sandbox restart (new signing key) by signing in again silently' {
        Connect-Sandbox $Sandbox
        $logins = (Get-MerchantSandboxStats $Sandbox).logins
        Invoke-MerchantSandboxKeyRotation $Sandbox
        (New-TestRow | New-MerchantCustomer).Id | Should -Not -BeNullOrEmpty
        (Get-MerchantSandboxStats $Sandbox).logins | Should -Be ($logins + 1)
    }

    It 'stops with RefreshTokenExpired when the session was opened with -NoAutoRelogin' {
        Connect-Sandbox $Sandbox -NoAutoRelogin
        Invoke-MerchantSandboxKeyRotation $Sandbox
        $rows = (New-TestRow), (New-TestRow)
        $failure = { $rows | New-MerchantCustomer -ErrorAction SilentlyContinue } | Should -Throw -PassThru
        $failure.FullyQualifiedErrorId | Should -BeLike 'RefreshTokenExpired,*'
        $failure.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $failure.ErrorDetails.RecommendedAction | Should -Match 'Connect-MerchantApi'
        { Update-MerchantToken } | Should -Throw -ErrorId 'RefreshTokenExpired,*'
    }
}

Describe 'Secrets' {
    It 'never shows a password, API key or token in any stream, view, error or transcript' {
        $secretive = Start-MerchantSandbox -RandomSecrets -AccessTokenLifetime 3 -RefreshTokenLifetime 6
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $null = Start-Transcript -Path $transcript
        try {
            $everything = & {
                $context = Connect-Sandbox $secretive -PassThru -Verbose -Debug
                $context; $context | Format-List * | Out-String; Get-MerchantContext | Format-Table * | Out-String
                New-TestRow | New-MerchantCustomer -Verbose -Debug
                Update-MerchantToken -PassThru -Verbose -Debug | Format-List *
                Invoke-MerchantSandboxKeyRotation $secretive
                New-TestRow | New-MerchantCustomer -Verbose -Debug
                Start-Sleep -Seconds 3
                New-TestRow | New-MerchantCustomer -Verbose -Debug
                $dup = New-TestRow
                $dup, $dup | New-MerchantCustomer -Verbose -Debug -ErrorAction Continue
                $bad = [pscredential]::new($secretive.Email, (ConvertTo-SecureString "wrong-$($secretive.Password)" -AsPlainText -Force))
                try { Connect-MerchantApi -BaseUri $secretive.Uri -MerchantId $secretive.MerchantId -Credential $bad -Verbose -Debug } catch { $_; $_.Exception.ToString() }
                Connect-MerchantApi -BaseUri $secretive.Uri -ApiKey $secretive.SecureApiKey -PassThru -Verbose -Debug
                # -Debug alone would make the warning Inquire (a PowerShell rule), so the warning action is explicit
                Update-MerchantToken -Verbose -Debug -WarningAction Continue
                New-TestRow | New-MerchantCustomer -Verbose -Debug
                Write-Information 'done' -InformationAction Continue
            } *>&1
            $everything | Out-Host # every stream through the host as well, so the transcript sees all of it
        } finally {
            $null = Stop-Transcript
        }
        $secrets = Get-MerchantSandboxIssuedSecret $secretive
        Stop-MerchantSandbox $secretive -ErrorAction SilentlyContinue
        Connect-Sandbox $Sandbox

        $records = @($everything)
        $text = ($records | Out-String -Width 500) + (Get-Content $transcript -Raw) +
            (($records | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.ToString() } else { "$_" } }) -join "`n")
        $secrets.Count | Should -BeGreaterOrEqual 10 -Because 'login, Update-MerchantToken, the relogin after the restart and the renewal after 3 s each issued a pair, plus password and key'
        $leaks = @($secrets | Where-Object { $text.Contains($_) })
        $leaks.Count | Should -Be 0

        # The Debug stream did get the per-request lines, with the secret headers redacted.
        $debug = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        $debug | Where-Object { $_ -match '^HTTP POST /v2/customer/create -> 200 OK in \d+ ms; request headers: .*Authorization: Bearer \[redacted\]' } | Should -Not -BeNullOrEmpty
        $debug | Where-Object { $_ -match '^HTTP POST /v2/auth/refresh -> 200 OK in \d+ ms' } | Should -Not -BeNullOrEmpty
        $debug | Where-Object { $_ -match '^HTTP POST /v2/customer/\w+ -> 200 OK in \d+ ms; request headers: .*Api-key: \[redacted\]' } | Should -Not -BeNullOrEmpty
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0
        (Get-Content $transcript -Raw) | Should -Match 'HTTP POST /v2/auth/login'
    }
}

Describe 'Ctrl+C' {
    It 'stops a cmdlet waiting on a hanging server within a second or so' {
        Connect-Sandbox $Sandbox
        Set-MerchantSandboxHostile -Sandbox $Sandbox -Path '/v2/customer/create' -Mode hang
        $hostileBefore = (Get-MerchantSandboxStats $Sandbox).faults.hostile
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$ModulePath'; [pscustomobject]@{ Email = 'hang-$([guid]::NewGuid().ToString('n'))@example.com'; FirstName = 'H'; LastName = 'G'; Country = 'FR'; VerificationDocumentId = 'D'; ResidenceAddress = 'P' } | New-MerchantCustomer")
            $pending = $shell.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ((Get-MerchantSandboxStats $Sandbox).faults.hostile -le $hostileBefore -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $pending.IsCompleted | Should -BeFalse -Because 'the request hangs on the server'

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            $clock.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            # A behaviour, not a benchmark: the bound is generous; without cancellation Stop() waits 100 s.
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
        } finally {
            $shell.Dispose()
        }
    }
}

Describe 'A long run across many token lifetimes' -Tag 'Slow' {
    It 'makes 30 seconds of steady requests with 3-second access and 10-second refresh tokens without a failure' {
        $short = Start-MerchantSandbox -AccessTokenLifetime 3 -RefreshTokenLifetime 10
        try {
            Connect-Sandbox $short
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $created = & {
                while ($clock.Elapsed.TotalSeconds -lt 30) { New-TestRow 'steady'; Start-Sleep -Milliseconds 100 }
            } | New-MerchantCustomer -ErrorVariable failures
            $seconds = $clock.Elapsed.TotalSeconds
            $stats = Get-MerchantSandboxStats $short
        } finally {
            Stop-MerchantSandbox $short
            Connect-Sandbox $Sandbox
        }

        $failures | Should -HaveCount 0
        @($created).Count | Should -BeGreaterThan 100
        $stats.requests.'/v2/customer/create'.'200' | Should -Be @($created).Count
        # Renewals happen before use: the server never had to refuse an expired access token.
        $stats.requests.'/v2/customer/create'.PSObject.Properties.Name | Should -Be '200'

        # The arithmetic. JWT times are whole seconds, so a token of lifetime L lives between L-1 and L s; the client
        # counts L-1 s from the moment it sent the request and renews a quarter of that early:
        #   access:  3 s -> 2 s, renewed at 1.5 s of age (+ up to one request gap, ~0.1-0.2 s)   => every 1.5-1.8 s
        #   session: 10 s refresh token -> 9 s after login; refreshed refresh tokens keep the session's absolute
        #            expiry, so every ~8-9.6 s the session ends and the client signs in again (5-6 refreshes each).
        # Over the run: renewals (refreshes + re-logins) = run / 1.5-1.8 s; re-logins = run / 8-9.6 s.
        $renewals = $stats.refreshes + $stats.logins - 1
        $relogins = $stats.logins - 1
        $renewals | Should -BeGreaterOrEqual ([math]::Floor($seconds / 1.8) - 1)
        $renewals | Should -BeLessOrEqual ([math]::Ceiling($seconds / 1.5) + 1)
        $relogins | Should -BeGreaterOrEqual ([math]::Floor($seconds / 9.6) - 1)
        $relogins | Should -BeLessOrEqual ([math]::Ceiling($seconds / 8))
        Write-Host "30-second run: $(@($created).Count) creates in $([math]::Round($seconds, 1)) s, $($stats.refreshes) refreshes, $relogins re-logins"
    }
}
