# Issue #16: the transport as users have it. HTTPS with a private CA (trust for one session only, or no check on this
# machine), a real forward proxy (Debian's tinyproxy: -Proxy, HTTPS_PROXY/HTTP_PROXY/NO_PROXY, proxy credentials), proxy
# credentials that never show, a server that enforces a rate limit (the adaptive pace, and -NoAdaptiveRate), and the
# 10,000-row soak over HTTPS through the proxy with the rate limit and the faults on (tagged Slow).
BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestProxy.psm1') -Force

    # The proxy variables the module reads, both cases. Whatever the machine has set is put back at the end.
    $script:ProxyVariables = foreach ($name in 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY') { $name; $name.ToLowerInvariant() }
    $script:SavedProxyVariables = @{}
    foreach ($name in $ProxyVariables) {
        $value = [Environment]::GetEnvironmentVariable($name)
        if ($null -ne $value) { $SavedProxyVariables[$name] = $value }
    }
    function Clear-ProxyEnvironment { foreach ($name in $ProxyVariables) { [Environment]::SetEnvironmentVariable($name, $null) } }
    Clear-ProxyEnvironment

    $script:Https = Start-MerchantSandbox -Https
    $script:OtherHttps = Start-MerchantSandbox -Https
    $script:Plain = Start-MerchantSandbox
    $script:Proxy = Start-TestProxy
    # Fresh values per run, so the leak check looks for strings nothing else contains.
    $script:ProxyPassword = 'ProxyPw-' + [guid]::NewGuid().ToString('n')
    $script:WrongProxyPassword = 'WrongPw-' + [guid]::NewGuid().ToString('n')
    $script:ProxyCredential = [pscredential]::new('proxyuser', (ConvertTo-SecureString $ProxyPassword -AsPlainText -Force))
    $script:WrongProxyCredential = [pscredential]::new('proxyuser', (ConvertTo-SecureString $WrongProxyPassword -AsPlainText -Force))
    $script:AuthProxy = Start-TestProxy -Credential $ProxyCredential
    if ($env:MERCHANTAPI_SECRETS_LOG) {
        # The suite's final leak check looks for these too.
        Add-Content -LiteralPath $env:MERCHANTAPI_SECRETS_LOG -Value $ProxyPassword, $WrongProxyPassword
    }

    function Get-ErrorId($Record) { ($Record.FullyQualifiedErrorId -split ',')[0] }
    function New-Tag { [guid]::NewGuid().ToString('n').Substring(0, 12) }
    function New-Row([string] $Email) {
        [pscustomobject]@{ Email = $Email; FirstName = 'Tls'; LastName = 'Proxy'; Country = 'FR'; VerificationDocumentId = 'FV633452'
            ResidenceAddress = '5 Av. Anatole France, 75007 Paris' }
    }
    # Connect-MerchantApi to a sandbox; any other parameter (trust, proxy) is passed on.
    function Connect-To($Target, [hashtable] $With = @{}) {
        Connect-MerchantApi -BaseUri $Target.Uri -MerchantId $Target.MerchantId -Credential $Target.Credential -PassThru @With
    }
    # The terminating error of a block (what a user's try/catch gets), or a failure of the test when there is none.
    function Get-Failure([scriptblock] $Block) { $Block | Should -Throw -PassThru }
    # Requests the sandbox answered on a path (all statuses or one).
    function Get-RequestCount($On, [string] $Path, [string] $Status) {
        $byStatus = (Get-MerchantSandboxStats $On).requests.PSObject.Properties[$Path]
        if (-not $byStatus) { return 0 }
        [int](@($byStatus.Value.PSObject.Properties | Where-Object { -not $Status -or $_.Name -eq $Status } | ForEach-Object Value) | Measure-Object -Sum).Sum
    }
    function Get-TotalRequestCount($On) {
        $stats = Get-MerchantSandboxStats $On
        [int](@($stats.requests.PSObject.Properties.Value | ForEach-Object { $_.PSObject.Properties.Value }) | Measure-Object -Sum).Sum
    }
    # The proxy's log lines for plain-http requests to a sandbox, and its https tunnels (CONNECT) to one.
    function Assert-Sandbox($To) { if (-not ($To.PSObject.Properties['Uri'] -and $To.Uri.Port)) { throw "Not a sandbox: $To" } }
    function Get-ProxiedRequest($Through, $To, [string] $Path = '') {
        Assert-Sandbox $To
        $prefix = [regex]::Escape("POST http://127.0.0.1:$($To.Uri.Port)$Path")
        @(Get-TestProxyLog $Through | Where-Object { $_ -match "Request \(file descriptor \d+\): $prefix" })
    }
    function Get-ProxiedTunnel($Through, $To) {
        Assert-Sandbox $To
        @(Get-TestProxyLog $Through | Where-Object { $_ -match "Request \(file descriptor \d+\): CONNECT 127\.0\.0\.1:$($To.Uri.Port) HTTP/1\.1" })
    }
    # Every log line that names the sandbox's port: none when the session went around the proxy.
    function Get-ProxyLineFor($Through, $To) { Assert-Sandbox $To; @(Get-TestProxyLog $Through | Where-Object { $_ -match "127\.0\.0\.1:$($To.Uri.Port)\b" }) }
}
AfterAll {
    Clear-ProxyEnvironment
    foreach ($name in $SavedProxyVariables.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedProxyVariables[$name]) }
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-TestProxy
    Stop-MerchantSandbox
}

Describe 'HTTPS: whose certificates are trusted' {
    AfterEach { Clear-ProxyEnvironment }

    It 'fails without trust with CertificateNotTrusted naming the host, the port and the reason, sent nothing and did not retry' {
        $before = Get-TotalRequestCount $Https
        $failure = Get-Failure { Connect-To $Https }
        Get-ErrorId $failure | Should -Be 'CertificateNotTrusted'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.Exception | Should -BeOfType ([MerchantApi.MerchantApiException])
        $failure.Exception.Message | Should -Match ([regex]::Escape("127.0.0.1:$($Https.Uri.Port)"))
        $failure.Exception.Message | Should -Match 'not trusted'
        $failure.Exception.Message | Should -Match 'UntrustedRoot|PartialChain'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-CertificateAuthorityPath'
        $failure.TargetObject | Should -Be $Https.Uri
        # A TLS failure never reaches the sandbox.
        (Get-MerchantSandboxStats $Https).logins | Should -Be 0
        (Get-TotalRequestCount $Https) | Should -Be $before

        # Through the proxy, each attempt is a tunnel of its own: one CONNECT is one attempt, so no retry.
        Clear-TestProxyLog $Proxy
        $viaProxy = Get-Failure { Connect-To $Https @{ Proxy = $Proxy.Uri } }
        Get-ErrorId $viaProxy | Should -Be 'CertificateNotTrusted'
        Get-ProxiedTunnel $Proxy $Https | Should -HaveCount 1 -Because 'a certificate that is not trusted is not tried again'
        (Get-MerchantSandboxStats $Https).logins | Should -Be 0
    }

    It 'works with -CertificateAuthorityPath: customers created and read over HTTPS' {
        $context = Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath }
        $context.BaseUri.Scheme | Should -Be 'https'
        $tag = New-Tag
        $created = @("ca1.$tag@example.com", "ca2.$tag@example.com" | ForEach-Object { New-Row $_ } | New-MerchantCustomer)
        $created | Should -HaveCount 2
        $read = @($created.Id | Get-MerchantCustomer)
        $read.Email | Should -Be $created.Email
        (Get-MerchantCustomer -Email "ca1.$tag@example.com").Id | Should -Be $created[0].Id
        (Get-MerchantSandboxStats $Https).logins | Should -BeGreaterOrEqual 1
    }

    It 'trusts the CA for that session only: a new Connect without it fails, the first session goes on working' {
        $trusted = Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath }
        $failure = Get-Failure { Connect-To $Https }
        Get-ErrorId $failure | Should -Be 'CertificateNotTrusted'
        # The failed connect leaves the trusted session current, and it still works, current or by -Context.
        (Get-MerchantContext).BaseUri | Should -Be $Https.Uri
        $email = "only.$(New-Tag)@example.com"
        (New-Row $email | New-MerchantCustomer -Context $trusted).Email | Should -Be $email
        (Get-MerchantCustomer -Email $email -Context $trusted).Email | Should -Be $email
        # A session of another sandbox in between does not change that.
        $plainSession = Connect-To $Plain
        (Get-MerchantCustomer -Email $email -Context $trusted).Email | Should -Be $email
        (Get-MerchantContext).BaseUri | Should -Be $plainSession.BaseUri
    }

    It 'does not trust a sandbox with another sandbox''s CA' {
        $failure = Get-Failure { Connect-To $Https @{ CertificateAuthorityPath = $OtherHttps.CertificatePath } }
        Get-ErrorId $failure | Should -Be 'CertificateNotTrusted'
        $failure.Exception.Message | Should -Match ([regex]::Escape("127.0.0.1:$($Https.Uri.Port)"))
        $failure.Exception.Message | Should -Match 'not trusted'
        # ...while that CA does trust its own sandbox.
        (Connect-To $OtherHttps @{ CertificateAuthorityPath = $OtherHttps.CertificatePath }).BaseUri | Should -Be $OtherHttps.Uri
    }

    It 'connects with -SkipCertificateCheck to the sandbox on this machine, with exactly one warning' {
        $context = Connect-MerchantApi -BaseUri $Https.Uri -MerchantId $Https.MerchantId -Credential $Https.Credential -SkipCertificateCheck -PassThru `
            -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings) | Should -HaveCount 1
        "$($warnings[0])" | Should -Match 'not checked'
        "$($warnings[0])" | Should -Match '127\.0\.0\.1'
        $email = "skip.$(New-Tag)@example.com"
        (New-Row $email | New-MerchantCustomer -Context $context -WarningVariable later -WarningAction SilentlyContinue).Email | Should -Be $email
        @($later) | Should -HaveCount 0 -Because 'the warning is the connect''s, once'
    }

    It 'refuses -SkipCertificateCheck for another host without -Force, before any network use' {
        Clear-TestProxyLog $Proxy
        $failure = $null
        try { Connect-MerchantApi -BaseUri 'https://api.example.com' -MerchantId $Https.MerchantId -Credential $Https.Credential `
                -SkipCertificateCheck -Proxy $Proxy.Uri -WarningVariable warnings -WarningAction SilentlyContinue }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        Get-ErrorId $failure | Should -Be 'CertificateCheckRequired'
        $failure.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $failure.Exception.Message | Should -Match 'api\.example\.com'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-Force'
        @(Get-TestProxyLog $Proxy | Where-Object { $_ -match 'Request \(|api\.example\.com' }) | Should -HaveCount 0 -Because 'nothing may be sent'
        @($warnings) | Should -HaveCount 0
    }

    It 'gets past that check with -Force (and then fails to reach the host, which is not there)' {
        Clear-TestProxyLog $Proxy
        $failure = $null
        try { Connect-MerchantApi -BaseUri 'https://api.example.com' -MerchantId $Https.MerchantId -Credential $Https.Credential `
                -SkipCertificateCheck -Force -Proxy $Proxy.Uri -MaximumRetryCount 0 -TimeoutSec 10 -WarningVariable warnings -WarningAction SilentlyContinue }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        Get-ErrorId $failure | Should -Not -Be 'CertificateCheckRequired'
        @($warnings) | Should -HaveCount 1
        "$($warnings[0])" | Should -Match 'api\.example\.com'
        # It went to the network: the proxy was asked for a tunnel to the host.
        @(Get-TestProxyLog $Proxy | Where-Object { $_ -match 'CONNECT api\.example\.com:443' }) | Should -Not -BeNullOrEmpty
    }

    It 'fails -CertificateAuthorityPath to a missing file or a file that is not PEM with InvalidCertificateAuthority' {
        $before = Get-TotalRequestCount $Https
        $missing = Join-Path $TestDrive 'no-such-ca.pem'
        $failure = Get-Failure { Connect-To $Https @{ CertificateAuthorityPath = $missing } }
        Get-ErrorId $failure | Should -Be 'InvalidCertificateAuthority'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.Exception.Message | Should -Match ([regex]::Escape('no-such-ca.pem'))
        $failure.ErrorDetails.RecommendedAction | Should -Match 'PEM'

        $notPem = Join-Path $TestDrive 'not-a-ca.pem'
        Set-Content -LiteralPath $notPem -Value 'this is not a certificate'
        $failure = Get-Failure { Connect-To $Https @{ CertificateAuthorityPath = $notPem } }
        Get-ErrorId $failure | Should -Be 'InvalidCertificateAuthority'
        $failure.Exception.Message | Should -Match ([regex]::Escape('not-a-ca.pem'))
        (Get-TotalRequestCount $Https) | Should -Be $before -Because 'nothing is sent with a CA that cannot be read'
    }

    It 'refuses -SkipCertificateCheck with -CertificateAuthorityPath as CertificateOptionsConflict' {
        $failure = Get-Failure { Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath; SkipCertificateCheck = $true } }
        Get-ErrorId $failure | Should -Be 'CertificateOptionsConflict'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Proxies: through a real tinyproxy' {
    AfterEach { Clear-ProxyEnvironment }

    It 'sends every call through -Proxy over plain http: the proxy logs the sign-in and each call' {
        Clear-TestProxyLog $Proxy
        $tag = New-Tag
        $context = Connect-To $Plain @{ Proxy = $Proxy.Uri }
        $created = @(1..3 | ForEach-Object { New-Row "proxied$_.$tag@example.com" } | New-MerchantCustomer -Context $context)
        $created | Should -HaveCount 3
        (Get-MerchantCustomer -Id $created[0].Id -Context $context).Email | Should -Be $created[0].Email
        Get-ProxiedRequest $Proxy $Plain '/v2/auth/login' | Should -HaveCount 1
        Get-ProxiedRequest $Proxy $Plain '/v2/customer/create' | Should -HaveCount 3
        Get-ProxiedRequest $Proxy $Plain '/v2/customer/details' | Should -HaveCount 1
    }

    It 'tunnels HTTPS through -Proxy with CONNECT: the proxy sees the sandbox''s port, never a path' {
        Clear-TestProxyLog $Proxy
        $context = Connect-To $Https @{ Proxy = $Proxy.Uri; CertificateAuthorityPath = $Https.CertificatePath }
        $email = "tunnel.$(New-Tag)@example.com"
        (New-Row $email | New-MerchantCustomer -Context $context).Email | Should -Be $email
        Get-ProxiedTunnel $Proxy $Https | Should -Not -BeNullOrEmpty
        @(Get-TestProxyLog $Proxy | Where-Object { $_ -match '/v2/' }) | Should -HaveCount 0 -Because 'the requests are inside the TLS tunnel'
    }

    It 'honours HTTPS_PROXY set before Connect-MerchantApi' {
        Clear-TestProxyLog $Proxy
        $env:HTTPS_PROXY = "$($Proxy.Uri)"
        $context = Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath }
        $null = Get-MerchantCustomer -Email 'nobody@example.com' -Context $context
        Get-ProxiedTunnel $Proxy $Https | Should -Not -BeNullOrEmpty
    }

    It 'honours HTTP_PROXY set before Connect-MerchantApi, and reads it at connect time' {
        Clear-TestProxyLog $Proxy
        $direct = Connect-To $Plain # before the variable is set: direct
        $env:HTTP_PROXY = "$($Proxy.Uri)"
        $proxied = Connect-To $Plain
        $tag = New-Tag
        $null = New-Row "env.$tag@example.com" | New-MerchantCustomer -Context $proxied
        $null = New-Row "direct.$tag@example.com" | New-MerchantCustomer -Context $direct
        Get-ProxiedRequest $Proxy $Plain '/v2/auth/login' | Should -HaveCount 1 -Because 'only the second connect saw the variable'
        Get-ProxiedRequest $Proxy $Plain '/v2/customer/create' | Should -HaveCount 1
    }

    It 'lets the lower-case variable win over the upper-case one' -Skip:$IsWindows {
        Clear-TestProxyLog $Proxy
        $env:HTTP_PROXY = 'http://127.0.0.1:9/' # discard port: nothing listens
        $env:http_proxy = "$($Proxy.Uri)"
        $null = Connect-To $Plain
        Get-ProxiedRequest $Proxy $Plain '/v2/auth/login' | Should -HaveCount 1
    }

    It 'goes around the proxy for NO_PROXY=127.0.0.1: the proxy logs none of that session''s requests' {
        Clear-TestProxyLog $Proxy
        $env:HTTP_PROXY = "$($Proxy.Uri)"; $env:HTTPS_PROXY = "$($Proxy.Uri)"; $env:NO_PROXY = '127.0.0.1'
        $plainSession = Connect-To $Plain
        $null = New-Row "bypass.$(New-Tag)@example.com" | New-MerchantCustomer -Context $plainSession
        $secure = Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath }
        $null = Get-MerchantCustomer -Email 'nobody@example.com' -Context $secure
        Get-ProxyLineFor $Proxy $Plain | Should -HaveCount 0
        Get-ProxyLineFor $Proxy $Https | Should -HaveCount 0
    }

    It 'ignores the environment''s proxy with -NoProxy' {
        Clear-TestProxyLog $Proxy
        $env:HTTP_PROXY = "$($Proxy.Uri)"; $env:HTTPS_PROXY = "$($Proxy.Uri)"
        $plainSession = Connect-To $Plain @{ NoProxy = $true }
        $null = New-Row "noproxy.$(New-Tag)@example.com" | New-MerchantCustomer -Context $plainSession
        $null = Connect-To $Https @{ NoProxy = $true; CertificateAuthorityPath = $Https.CertificatePath }
        Get-ProxyLineFor $Proxy $Plain | Should -HaveCount 0
        Get-ProxyLineFor $Proxy $Https | Should -HaveCount 0
        # A proxy that is not there makes the point without the log: -NoProxy connects all the same.
        $env:HTTP_PROXY = 'http://127.0.0.1:9/'
        (Connect-To $Plain @{ NoProxy = $true }).BaseUri | Should -Be $Plain.Uri
    }

    It 'fails HTTPS through a proxy that wants credentials, when none are given, with ProxyAuthenticationRequired and advice, not retried' {
        Clear-TestProxyLog $AuthProxy
        $failure = Get-Failure { Connect-To $Https @{ Proxy = $AuthProxy.Uri; CertificateAuthorityPath = $Https.CertificatePath } }
        Get-ErrorId $failure | Should -Be 'ProxyAuthenticationRequired'
        $failure.CategoryInfo.Category | Should -Be 'ConnectionError'
        $failure.Exception.Message | Should -Match ([regex]::Escape("proxy 127.0.0.1:$($AuthProxy.Port)"))
        $failure.Exception.Message | Should -Match '407'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-ProxyCredential'
        Get-ProxiedTunnel $AuthProxy $Https | Should -HaveCount 1 -Because 'a 407 comes back the same on every attempt'
        # The same through HTTPS_PROXY without user info.
        $env:HTTPS_PROXY = "$($AuthProxy.Uri)"
        Get-ErrorId (Get-Failure { Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath } }) | Should -Be 'ProxyAuthenticationRequired'
    }

    It 'says which proxy failed when plain http through a proxy that wants credentials fails' {
        # tinyproxy answers 407 to a POST and closes without reading the body, so the client often sees the connection
        # reset before the 407: either error names the proxy.
        $failure = Get-Failure { Connect-To $Plain @{ Proxy = $AuthProxy.Uri } }
        Get-ErrorId $failure | Should -BeIn 'ProxyAuthenticationRequired', 'ConnectionFailed'
        $failure.Exception.Message | Should -Match ([regex]::Escape("proxy 127.0.0.1:$($AuthProxy.Port)"))
    }

    It 'says the proxy refused a wrong -ProxyCredential' {
        $failure = Get-Failure { Connect-To $Https @{ Proxy = $AuthProxy.Uri; ProxyCredential = $WrongProxyCredential; CertificateAuthorityPath = $Https.CertificatePath } }
        Get-ErrorId $failure | Should -Be 'ProxyAuthenticationRequired'
        $failure.Exception.Message | Should -Match 'refused the proxy credential'
    }

    It 'works through the proxy with -ProxyCredential, plain http and HTTPS' {
        Clear-TestProxyLog $AuthProxy
        $plainSession = Connect-To $Plain @{ Proxy = $AuthProxy.Uri; ProxyCredential = $ProxyCredential }
        $email = "proxycred.$(New-Tag)@example.com"
        (New-Row $email | New-MerchantCustomer -Context $plainSession).Email | Should -Be $email
        Get-ProxiedRequest $AuthProxy $Plain '/v2/customer/create' | Should -Not -BeNullOrEmpty
        $secure = Connect-To $Https @{ Proxy = $AuthProxy.Uri; ProxyCredential = $ProxyCredential; CertificateAuthorityPath = $Https.CertificatePath }
        (New-Row $email | New-MerchantCustomer -Context $secure).Email | Should -Be $email
        Get-ProxiedTunnel $AuthProxy $Https | Should -Not -BeNullOrEmpty
    }

    It 'takes the proxy credential from the user info of HTTPS_PROXY and HTTP_PROXY' {
        Clear-TestProxyLog $AuthProxy
        $withUserInfo = "http://proxyuser:$ProxyPassword@127.0.0.1:$($AuthProxy.Port)"
        $env:HTTPS_PROXY = $withUserInfo
        $secure = Connect-To $Https @{ CertificateAuthorityPath = $Https.CertificatePath }
        $email = "userinfo.$(New-Tag)@example.com"
        (New-Row $email | New-MerchantCustomer -Context $secure).Email | Should -Be $email
        Get-ProxiedTunnel $AuthProxy $Https | Should -Not -BeNullOrEmpty
        $env:HTTP_PROXY = $withUserInfo
        $plainSession = Connect-To $Plain
        (Get-MerchantCustomer -Email $email -Context $plainSession) | Should -BeNullOrEmpty -Because 'the email was created on the https sandbox'
        Get-ProxiedRequest $AuthProxy $Plain '/v2/auth/login' | Should -Not -BeNullOrEmpty
    }

    It 'refuses contradicting options: -Proxy with -NoProxy, -ProxyCredential without -Proxy' {
        $failure = Get-Failure { Connect-To $Plain @{ Proxy = $Proxy.Uri; NoProxy = $true } }
        Get-ErrorId $failure | Should -Be 'ProxyConflict'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-NoProxy'
        $failure = Get-Failure { Connect-To $Plain @{ ProxyCredential = $ProxyCredential } }
        Get-ErrorId $failure | Should -Be 'ProxyCredentialWithoutProxy'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-Proxy'
    }
}

Describe 'Proxy credentials never show' {
    BeforeAll {
        $script:Canary = 'PROXY-LEAK-CANARY-' + [guid]::NewGuid().ToString('n')
        $script:LeakTranscript = Join-Path $TestDrive 'proxy-leak-transcript.txt'
        $script:LeakSecrets = @($ProxyPassword, $WrongProxyPassword)

        function ConvertTo-LeakText($Records) {
            foreach ($record in $Records) {
                if ($record -is [System.Management.Automation.ErrorRecord]) {
                    $record | Format-List * -Force | Out-String -Width 4096
                    $record.Exception | Format-List * -Force | Out-String -Width 4096
                    $record.Exception.ToString()
                    "$($record.ErrorDetails.Message) $($record.ErrorDetails.RecommendedAction) $($record.TargetObject)"
                }
                else { $record | Format-List * -Force | Out-String -Width 4096 }
            }
        }
        function Find-Secret([string] $Text, [string[]] $Secrets) { @($Secrets | Where-Object { $_ -and $Text.Contains($_) }) }

        # Every path that holds a proxy credential, with every stream on: -ProxyCredential (plain and https), user info
        # in HTTPS_PROXY and HTTP_PROXY and in -Proxy, a wrong credential, a proxy that is not there, and the context.
        $withUserInfo = "http://proxyuser:$ProxyPassword@127.0.0.1:$($AuthProxy.Port)"
        $wrongUserInfo = "http://proxyuser:$WrongProxyPassword@127.0.0.1:$($AuthProxy.Port)"
        $deadUserInfo = "http://proxyuser:$ProxyPassword@127.0.0.1:9"
        $scenario = {
            $ca = @{ CertificateAuthorityPath = $Https.CertificatePath; Verbose = $true; Debug = $true }
            $context = Connect-To $Plain @{ Proxy = $AuthProxy.Uri; ProxyCredential = $ProxyCredential; Verbose = $true; Debug = $true }
            $context | Format-List * -Force | Out-String
            New-Row "leak1.$(New-Tag)@example.com" | New-MerchantCustomer -Verbose -Debug
            Get-MerchantContext | Format-List * | Out-String
            $context = Connect-To $Https (@{ Proxy = $AuthProxy.Uri; ProxyCredential = $ProxyCredential } + $ca)
            New-Row "leak2.$(New-Tag)@example.com" | New-MerchantCustomer -Verbose -Debug
            Get-MerchantContext | Format-List * | Out-String
            Get-MerchantContext | ConvertTo-Json -Depth 4
            try { Connect-To $Https (@{ Proxy = $AuthProxy.Uri; ProxyCredential = $WrongProxyCredential } + $ca) } catch { $_ }
            try { Connect-To $Plain @{ Proxy = [uri]$wrongUserInfo; Verbose = $true; Debug = $true } } catch { $_ }
            $context = Connect-To $Plain @{ Proxy = [uri]$withUserInfo; Verbose = $true; Debug = $true }
            Get-MerchantContext | Format-List * | Out-String
            $env:HTTPS_PROXY = $withUserInfo; $env:HTTP_PROXY = $withUserInfo
            $context = Connect-To $Https $ca
            New-Row "leak3.$(New-Tag)@example.com" | New-MerchantCustomer -Verbose -Debug
            Get-MerchantContext | Format-List * | Out-String
            $context = Connect-To $Plain @{ Verbose = $true; Debug = $true }
            Get-MerchantCustomer -Email 'nobody@example.com' -Verbose -Debug
            $env:HTTPS_PROXY = $wrongUserInfo
            try { Connect-To $Https $ca } catch { $_ }
            $env:HTTPS_PROXY = $deadUserInfo; $env:HTTP_PROXY = $deadUserInfo
            try { Connect-To $Plain @{ MaximumRetryCount = 0; Verbose = $true; Debug = $true } } catch { $_ }
            try { Connect-To $Https ($ca + @{ MaximumRetryCount = 0 }) } catch { $_ }
            Clear-ProxyEnvironment
        }

        $ErrorActionPreference = 'Continue'
        $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'
        $null = Start-Transcript -LiteralPath $LeakTranscript -Force
        try {
            $script:LeakRecords = @(& { Write-Verbose "canary $Canary"; & $scenario } *>&1)
            # The same once more with every stream going to the host, as a console shows it: what the transcript holds.
            & { Write-Verbose "canary $Canary"; & $scenario } *>&1 | Out-Host
        }
        finally {
            $null = Stop-Transcript
            $VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'
            Clear-ProxyEnvironment
        }
        $script:LeakText = (ConvertTo-LeakText $LeakRecords) -join "`n"
        $script:TranscriptText = Get-Content -LiteralPath $LeakTranscript -Raw
        if ($env:MERCHANTAPI_TEST_RESULTS) {
            Add-Content -LiteralPath (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'captured-streams.txt') -Value $LeakText
        }
    }

    It 'exercised what it means to: customers, Verbose and Debug records, the failed connects' {
        @($LeakRecords | Where-Object { $_ -is [MerchantApi.Customer] }) | Should -HaveCount 3
        @($LeakRecords | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -match '^Transport: .*proxy' }).Count | Should -BeGreaterOrEqual 5
        @($LeakRecords | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Count | Should -BeGreaterOrEqual 4
        $errors = @($LeakRecords | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { Get-ErrorId $_ })
        $errors | Should -HaveCount 5
        $errors[0] | Should -Be 'ProxyAuthenticationRequired'
        $errors[2] | Should -Be 'ProxyAuthenticationRequired'
        $errors[3..4] | Should -Be 'ConnectionFailed', 'ConnectionFailed'
        $LeakText | Should -Match 'proxyuser|with credentials'
        $TranscriptText | Should -Match 'Transport: '
    }

    It 'finds a planted canary and a planted password (the positive control: the check can fail)' {
        $LeakText | Should -Match $Canary
        $TranscriptText | Should -Match $Canary
        Find-Secret ($LeakText + $ProxyPassword) $LeakSecrets | Should -Be $ProxyPassword
        Find-Secret "x${WrongProxyPassword}x" $LeakSecrets | Should -Be $WrongProxyPassword
    }

    It 'shows no proxy password in any stream, error, context view or the transcript' {
        Find-Secret $LeakText $LeakSecrets | Should -BeNullOrEmpty
        Find-Secret $TranscriptText $LeakSecrets | Should -BeNullOrEmpty
    }
}

Describe 'A server that enforces a rate limit' {
    BeforeAll {
        $script:RateResults = [ordered]@{}
        $script:Limited = Start-MerchantSandbox -RateLimit 100 -RateBurst 20 -Latency 10
        $script:RateRows = foreach ($i in 1..600) { New-Row ('rate{0:d3}.{1}@example.com' -f $i, (New-Tag)) }
        # 600 creates at -ThrottleLimit 16 with Verbose kept; the result, the 429s and the time (reported, not asserted).
        function Invoke-RateRun($Context, [string] $Name) {
            $verbose = [System.Collections.Generic.List[object]]::new()
            $before = Get-RequestCount $Limited '/v2/customer/create' '429'
            $failures = $null
            $elapsed = Measure-Command {
                $script:RunOutput = @($RateRows | New-MerchantCustomer -ThrottleLimit 16 -Context $Context -Verbose -ErrorVariable failures 4>&1 |
                        ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($_) } else { $_ } })
            }
            $throttled = (Get-RequestCount $Limited '/v2/customer/create' '429') - $before
            $RateResults[$Name] = [ordered]@{ Creates = $RateRows.Count; Http429 = $throttled; Seconds = [math]::Round($elapsed.TotalSeconds, 1) }
            Write-Host "Rate-limit run '$Name': $($RateRows.Count) creates, $throttled HTTP 429, $([math]::Round($elapsed.TotalSeconds, 1)) s"
            [pscustomobject]@{ Output = $RunOutput; Errors = @($failures); Verbose = @($verbose | ForEach-Object { "$_" }); Http429 = $throttled }
        }
    }
    AfterAll {
        if ($env:MERCHANTAPI_TEST_RESULTS) { $RateResults | ConvertTo-Json | Set-Content (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'transport-rate.json') }
        Stop-MerchantSandbox $Limited
    }

    It 'creates 600 rows at -ThrottleLimit 16 exactly once and in order, learning a pace: few 429s and a Verbose line saying so' {
        $context = Connect-To $Limited
        $run = Invoke-RateRun $context 'adaptive'
        $run.Errors | Should -HaveCount 0
        $run.Output | Should -HaveCount 600
        $run.Output.Email | Should -Be $RateRows.Email
        @($run.Output.Id | Sort-Object -Unique) | Should -HaveCount 600
        $stats = Get-MerchantSandboxStats $Limited
        $stats.customers | Should -Be 600
        (Get-RequestCount $Limited '/v2/customer/create' '200') | Should -Be 600
        $stats.faults.rateLimited | Should -BeGreaterThan 0 -Because 'the limit must really have been met'
        # Learning the pace costs some 30 429s once, a lot for 600 rows and little for 10,000 (the benchmark's P5: under 1 %).
        $stats.faults.rateLimited | Should -BeLessThan 60 -Because 'under 10% of the creates: the session keeps to a pace under the limit'
        @($run.Verbose | Where-Object { $_ -match 'throttled \(HTTP 429\); backing off to \d+(\.\d)? requests/s' }) | Should -Not -BeNullOrEmpty
    }

    It 'creates the same 600 rows with -NoAdaptiveRate too, pausing for Retry-After instead' {
        Reset-MerchantSandbox $Limited
        $context = Connect-To $Limited @{ NoAdaptiveRate = $true }
        $run = Invoke-RateRun $context 'no-adaptive'
        $run.Errors | Should -HaveCount 0
        $run.Output | Should -HaveCount 600
        $run.Output.Email | Should -Be $RateRows.Email
        (Get-MerchantSandboxStats $Limited).customers | Should -Be 600
        (Get-RequestCount $Limited '/v2/customer/create' '200') | Should -Be 600
        $run.Http429 | Should -BeGreaterThan 0
        @($run.Verbose | Where-Object { $_ -match 'backing off' }) | Should -HaveCount 0 -Because '-NoAdaptiveRate learns no pace'
    }

    # Bursts of 429s from a server without a rate limit (every request refused for a moment) must not slow a run down:
    # a cut on them once made a soak five times slower. Bursts this frequent (a few a second) can look like a limit and
    # may cut the pace a little; what matters is that the run still goes through, and never at a crawl.
    It 'goes through bursts of 429s from a server without a rate limit: every row once, in order, never at a crawl' {
        $bursty = Start-MerchantSandbox -ThrottleRate 0.01 -ThrottleBurst 200 -RetryAfter 1 -Seed 4
        try {
            $context = Connect-To $bursty
            $rows = foreach ($i in 1..1000) { New-Row ('burst{0:d4}@example.com' -f $i) }
            $verbose = [System.Collections.Generic.List[string]]::new()
            $out = @($rows | New-MerchantCustomer -ThrottleLimit 16 -Context $context -Verbose -ErrorVariable failures 4>&1 |
                    ForEach-Object { if ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose.Add("$_") } else { $_ } })
            $stats = Get-MerchantSandboxStats $bursty
        }
        finally { Stop-MerchantSandbox $bursty }
        @($failures) | Should -HaveCount 0
        $out | Should -HaveCount 1000
        $stats.faults.throttled | Should -BeGreaterThan 0
        $stats.faults.rateLimited | Should -Be 0
        $out.Email | Should -Be $rows.Email
        $cuts = @($verbose | Where-Object { $_ -match 'backing off to [0-9.]+ requests/s' } | ForEach-Object { [double]($_ -replace '.*backing off to ([0-9.]+) requests/s.*', '$1') })
        @($cuts | Where-Object { $_ -lt 20 }) | Should -HaveCount 0 -Because 'bursts of refusals must never cut the pace to a crawl'
    }

    It 'reads 300 customers piped by id under the limit, all of them, in order' {
        $context = Connect-To $Limited
        $ids = @($RunOutput | Select-Object -First 300 | ForEach-Object Id)
        $read = @($ids | Get-MerchantCustomer -Context $context -ErrorVariable failures)
        @($failures) | Should -HaveCount 0
        $read | Should -HaveCount 300
        $read.Id | Should -Be $ids
        $RateResults['reads'] = [ordered]@{ Reads = 300; Http429 = (Get-RequestCount $Limited '/v2/customer/details' '429') }
    }
}

Describe 'Soak over real transport' -Tag Slow, Soak {
    It 'onboards 10,000 rows over HTTPS through the proxy with a 400/s rate limit and faults: exactly once, in order, no errors' {
        $sandbox = Start-MerchantSandbox -Https -RateLimit 400 -RateBurst 100 -FailureRate 0.05 -DropAfterCommitRate 0.02 -ThrottleRate 0.002 `
            -ThrottleBurst 200 -RetryAfter 1 -Seed 7
        $context = Connect-To $sandbox @{ Proxy = $Proxy.Uri; CertificateAuthorityPath = $sandbox.CertificatePath }
        Clear-TestProxyLog $Proxy
        $rows = foreach ($i in 1..10000) {
            [pscustomobject]@{
                Email = 'tsoak{0:d5}@example.com' -f $i; PhoneNumber = '+33612345678'; FirstName = 'Soak'; LastName = "Row $i"
                Country = 'FR'; VerificationDocumentId = "TSOAK$i"; ResidenceAddress = '5 Av. Anatole France, 75007 Paris'; ExternalId = "$i"
            }
        }
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $customers = @($rows | New-MerchantCustomer -ThrottleLimit 16 -Context $context -ErrorVariable failures)
        $watch.Stop()
        $stats = Get-MerchantSandboxStats $sandbox
        $tunnels = (Get-ProxiedTunnel $Proxy $sandbox).Count
        $summary = [pscustomobject]@{ Rows = $rows.Count; Output = $customers.Count; Errors = @($failures).Count
            Seconds = [math]::Round($watch.Elapsed.TotalSeconds, 1); Tunnels = $tunnels; Stats = $stats }
        Write-Host "Transport soak: $($summary.Seconds) s, $tunnels tunnels, $($stats.faults.rateLimited) rate-limited, $($stats.faults.failures) failures, $($stats.faults.dropsAfterCommit) drops"
        if ($env:MERCHANTAPI_TEST_RESULTS) { $summary | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $env:MERCHANTAPI_TEST_RESULTS 'transport-soak.json') }
        Stop-MerchantSandbox $sandbox

        @($failures) | Should -HaveCount 0
        $customers | Should -HaveCount 10000
        $customers.Email | Should -Be $rows.Email
        @($customers.Id | Sort-Object -Unique) | Should -HaveCount 10000
        @($customers.Email | Sort-Object -Unique) | Should -HaveCount 10000
        $stats.customers | Should -Be 10000
        # It all went through the proxy, and the faults really happened. (The 400/s limit is on, but the faults' pauses
        # keep a run well under it: its rateLimited count is reported in transport-soak.json, not asserted.)
        $tunnels | Should -BeGreaterThan 0
        $stats.faults.failures | Should -BeGreaterThan 100
        $stats.faults.dropsAfterCommit | Should -BeGreaterThan 50
        $stats.faults.throttled | Should -BeGreaterThan 0
    }
}
