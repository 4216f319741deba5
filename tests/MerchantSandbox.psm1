# Starts, inspects and stops the API sandbox (src/MerchantApi.Sandbox) for tests, the demo and the benchmarks.
# Every sandbox started here is remembered, so Stop-MerchantSandbox without arguments stops them all.
Set-StrictMode -Version Latest

$script:Started = [System.Collections.Generic.List[object]]::new()
$script:DefaultSandboxDll = Join-Path $PSScriptRoot '..' 'out' 'sandbox' 'MerchantApi.Sandbox.dll'

function ConvertTo-TimeUnit([object] $Value, [ValidateSet('Seconds', 'Milliseconds')] [string] $Unit) {
    # A duration as a number of $Unit: numbers are already in that unit; TimeSpans and 'hh:mm:ss' strings are converted.
    if ($Value -is [timespan]) { return $Value."Total$Unit" }
    if ($Value -is [string] -and $Value -match ':') { return ([timespan]$Value)."Total$Unit" }
    return [double]$Value
}

function Resolve-MerchantSandboxCommand([string] $Path, [bool] $PathGiven) {
    # How to run the sandbox: -Path (a built MerchantApi.Sandbox.dll, run by dotnet, or an executable such as an installed
    # merchant-sandbox); without -Path the built copy in out/sandbox, else the installed .NET tool: merchant-sandbox on PATH
    # (dotnet tool install --global), else through a tool manifest (dotnet tool run merchant-sandbox).
    $dotnet = { (Get-Command dotnet -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source }
    $full = [System.IO.Path]::GetFullPath($Path)
    if ($PathGiven -or (Test-Path -LiteralPath $full)) {
        if (-not (Test-Path -LiteralPath $full)) { throw "Sandbox not found: '$full' is missing." }
        if ($full -like '*.dll') { return [pscustomobject]@{ FilePath = (& $dotnet); Prefix = @($full); Source = $full } }
        return [pscustomobject]@{ FilePath = $full; Prefix = @(); Source = $full }
    }
    $tool = Get-Command merchant-sandbox -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($tool) { return [pscustomobject]@{ FilePath = $tool.Source; Prefix = @(); Source = $tool.Source } }
    $local = & (& $dotnet) tool list 2>$null
    if ($LASTEXITCODE -eq 0 -and ($local -match '\smerchant-sandbox(\s|$)')) {
        return [pscustomobject]@{ FilePath = (& $dotnet); Prefix = @('tool', 'run', 'merchant-sandbox'); Source = 'dotnet tool run merchant-sandbox' }
    }
    throw ("Sandbox not built: '$full' is missing, and no merchant-sandbox tool is installed. Run ./build.ps1 -Task Build " +
        'first, or install the tool (dotnet tool install --global MerchantApi.Sandbox).')
}

function Start-MerchantSandbox {
    [CmdletBinding()]
    param(
        [object] $AccessTokenLifetime,
        [object] $RefreshTokenLifetime,
        # A number of milliseconds, or a TimeSpan or 'hh:mm:ss' string, as the lifetimes take (their numbers are seconds).
        [ValidateScript({ $ms = ConvertTo-TimeUnit $_ Milliseconds; $ms -ge 0 -and $ms -le 60000 },
            ErrorMessage = 'Latency must be 0 to 60000 ms (milliseconds or a TimeSpan); {0} is not.')] [object] $Latency = 0,
        [ValidateRange(0.0, 1.0)] [double] $FailureRate = 0,
        [ValidateRange(0.0, 1.0)] [double] $ThrottleRate = 0,
        [ValidateRange(0, 60000)] [int] $ThrottleBurst = 0,
        [ValidateRange(0, 3600)] [int] $RetryAfter = 1,
        [ValidateSet('seconds', 'date')] [string] $RetryAfterFormat = 'seconds',
        [ValidateRange(0.0, 1.0)] [double] $DropAfterCommitRate = 0,
        [double] $ClockSkew = 0,
        [int] $Seed,
        # Seeded customers (each with a wallet) and operations over their wallets; made again on Reset-MerchantSandbox.
        [ValidateRange(0, 100000)] [int] $Customers = 0,
        [ValidateRange(0, 100000)] [int] $Operations = 0,
        # HTTPS with a certificate made at start; the returned object's CertificatePath is the CA PEM a client must trust.
        [switch] $Https,
        # An enforced rate limit per merchant (requests a second; 0 = none) and its burst (default the rate rounded up).
        [ValidateRange(0.0, 1000000.0)] [double] $RateLimit = 0,
        [ValidateRange(1, 1000000)] [int] $RateBurst,
        # A fresh random password and API key per sandbox, so leak checks look for values nothing else contains.
        [switch] $RandomSecrets,
        [string] $Path = $script:DefaultSandboxDll,
        [ValidateRange(1, 300)] [int] $StartTimeoutSec = 60
    )
    $command = Resolve-MerchantSandboxCommand $Path $PSBoundParameters.ContainsKey('Path')

    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("merchant-sandbox-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    $ready = Join-Path $work 'ready.json'
    $arguments = @($command.Prefix) + @('--urls', 'http://127.0.0.1:0', '--ready-file', $ready, '--quiet')
    $invariant = [cultureinfo]::InvariantCulture
    if ($PSBoundParameters.ContainsKey('AccessTokenLifetime')) { $arguments += '--access-token-lifetime', (ConvertTo-TimeUnit $AccessTokenLifetime Seconds).ToString($invariant) }
    if ($PSBoundParameters.ContainsKey('RefreshTokenLifetime')) { $arguments += '--refresh-token-lifetime', (ConvertTo-TimeUnit $RefreshTokenLifetime Seconds).ToString($invariant) }
    $latencyMs = ConvertTo-TimeUnit $Latency Milliseconds
    if ($latencyMs) { $arguments += '--latency', $latencyMs.ToString($invariant) }
    if ($FailureRate) { $arguments += '--failure-rate', $FailureRate.ToString($invariant) }
    if ($ThrottleRate) { $arguments += '--throttle-rate', $ThrottleRate.ToString($invariant), '--throttle-burst', $ThrottleBurst, '--retry-after', $RetryAfter, '--retry-after-format', $RetryAfterFormat }
    if ($DropAfterCommitRate) { $arguments += '--drop-after-commit-rate', $DropAfterCommitRate.ToString($invariant) }
    if ($ClockSkew) { $arguments += '--clock-skew', $ClockSkew.ToString($invariant) }
    if ($PSBoundParameters.ContainsKey('Seed')) { $arguments += '--seed', $Seed }
    if ($Customers) { $arguments += '--customers', $Customers }
    if ($Operations) { $arguments += '--operations', $Operations }
    # The test runner's HTTPS pass (MERCHANTAPI_TEST_HTTPS=1) runs whole suites over TLS without changing them: every
    # sandbox serves HTTPS, and Connect-MerchantApi trusts the CAs of the sandboxes started so far (see below).
    if ($env:MERCHANTAPI_TEST_HTTPS -eq '1' -and -not $PSBoundParameters.ContainsKey('Https')) { $Https = [switch]::new($true) }
    if ($Https) { $arguments += '--https' }
    if ($RateLimit) { $arguments += '--rate-limit', $RateLimit.ToString($invariant) }
    if ($PSBoundParameters.ContainsKey('RateBurst')) { $arguments += '--rate-burst', $RateBurst }
    # The test runner asks for random secrets everywhere and a log of them, so a last test can grep all output for leaks.
    if ($env:MERCHANTAPI_SECRETS_LOG) { $RandomSecrets = [switch]::new($true) }
    if ($RandomSecrets) {
        $arguments += '--password', ('Pw-' + [guid]::NewGuid().ToString('n'))
        $arguments += '--api-key', ('sk_test_' + [guid]::NewGuid().ToString('n'))
    }

    $process = Start-Process -FilePath $command.FilePath -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput (Join-Path $work 'stdout.txt') -RedirectStandardError (Join-Path $work 'stderr.txt')
    $deadline = [datetime]::UtcNow.AddSeconds($StartTimeoutSec)
    while (-not (Test-Path $ready)) {
        if ($process.HasExited) {
            $errorText = Get-Content (Join-Path $work 'stderr.txt') -Raw -ErrorAction SilentlyContinue
            throw "The sandbox exited with code $($process.ExitCode) before it was ready. $errorText"
        }
        if ([datetime]::UtcNow -gt $deadline) {
            $process.Kill($true)
            throw "The sandbox did not report ready within $StartTimeoutSec s."
        }
        Start-Sleep -Milliseconds 50
    }
    $info = Get-Content $ready -Raw | ConvertFrom-Json
    if ($env:MERCHANTAPI_TEST_HTTPS -eq '1' -and $env:MERCHANTAPI_TEST_CA_BUNDLE -and $info.PSObject.Properties['certificatePath']) {
        # One bundle of every sandbox CA of the pass, given to each Connect-MerchantApi as a default parameter value.
        Get-Content $info.certificatePath -Raw | Add-Content -LiteralPath $env:MERCHANTAPI_TEST_CA_BUNDLE
        $global:PSDefaultParameterValues['Connect-MerchantApi:CertificateAuthorityPath'] = $env:MERCHANTAPI_TEST_CA_BUNDLE
    }
    $sandbox = [pscustomobject]@{
        PSTypeName = 'MerchantApi.Sandbox'
        Uri        = [uri]$info.url
        ProcessId  = $process.Id
        MerchantId = $info.merchantId
        Email      = $info.email
        Password   = $info.password
        ApiKey     = $info.apiKey
        # The CA's certificate (PEM) under -Https, in the work folder; null over plain HTTP.
        CertificatePath = if ($info.PSObject.Properties['certificatePath']) { $info.certificatePath } else { $null }
        WorkFolder = $work
        Process    = $process
        # What ran: the dll, the installed tool's executable, or 'dotnet tool run merchant-sandbox'.
        Source     = $command.Source
    }
    $sandbox | Add-Member -MemberType ScriptProperty -Name Credential -Value {
        [pscredential]::new($this.Email, (ConvertTo-SecureString $this.Password -AsPlainText -Force))
    }
    $sandbox | Add-Member -MemberType ScriptProperty -Name SecureApiKey -Value {
        ConvertTo-SecureString $this.ApiKey -AsPlainText -Force
    }
    $script:Started.Add($sandbox)
    $sandbox
}

function Invoke-SandboxControl($Sandbox, [string] $Name, [hashtable] $Body = @{}) {
    $uri = [uri]::new($Sandbox.Uri, "/__sandbox/$Name")
    $request = @{ Method = 'Post'; Uri = $uri; Body = ($Body | ConvertTo-Json -Compress -Depth 20); ContentType = 'application/json' }
    # Invoke-RestMethod cannot be told to trust one CA, and these calls are the harness talking to the sandbox it started
    # on this machine; what the module under test trusts is the CA PEM, tested apart.
    if ($Sandbox.Uri.Scheme -eq 'https') { $request.SkipCertificateCheck = $true }
    (Invoke-RestMethod @request).data
}

function Get-MerchantSandboxStats {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Sandbox)
    process { Invoke-SandboxControl $Sandbox 'stats' }
}

function Reset-MerchantSandbox {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Sandbox)
    process { $null = Invoke-SandboxControl $Sandbox 'reset' }
}

function Set-MerchantSandboxFault {
    # Changes fault injection at run time; only the given settings change.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Sandbox,
        [double] $FailureRate, [double] $ThrottleRate, [int] $ThrottleBurst, [double] $DropAfterCommitRate,
        [int] $Latency, [int] $RetryAfter, [ValidateSet('seconds', 'date')] [string] $RetryAfterFormat, [double] $ClockSkew,
        # The enforced rate limit per merchant (0 lifts it) and its burst; a change starts every bucket full.
        [double] $RateLimit, [int] $RateBurst
    )
    $names = @{ FailureRate = 'failureRate'; ThrottleRate = 'throttleRate'; ThrottleBurst = 'throttleBurstMs'
        DropAfterCommitRate = 'dropAfterCommitRate'; Latency = 'latencyMs'; RetryAfter = 'retryAfterSeconds'
        RetryAfterFormat = 'retryAfterFormat'; ClockSkew = 'clockSkewSeconds'; RateLimit = 'rateLimitPerSecond'; RateBurst = 'rateBurst' }
    $body = @{}
    foreach ($key in $PSBoundParameters.Keys) { if ($names.ContainsKey($key)) { $body[$names[$key]] = $PSBoundParameters[$key] } }
    Invoke-SandboxControl $Sandbox 'faults' $body
}

function Set-MerchantSandboxHostile {
    # The next -Count requests to -Path get a hostile answer (html, truncated, huge, empty, wrong-shape, redirect, hang).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Sandbox,
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [ValidateSet('html', 'truncated', 'huge', 'empty', 'wrong-shape', 'redirect', 'hang')] [string] $Mode,
        [int] $Count = 1
    )
    $null = Invoke-SandboxControl $Sandbox 'hostile' @{ path = $Path; mode = $Mode; count = $Count }
}

function Set-MerchantSandboxCustomerStatus {
    # Sets a status as the provider would (the merchant cannot lift a provider's Blocked/Suspicious).
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $Id, [Parameter(Mandatory)] [string] $Status)
    Invoke-SandboxControl $Sandbox 'provider-status' @{ id = $Id; status = $Status }
}

function Set-MerchantSandboxBalance {
    # Replaces a wallet's balances: each hashtable is @{ asset = 'BTC'; balance = '0.1'; holdBalance = '0'; ... } with the
    # amounts as strings (an amount left out is '0'); any other key is kept and returned by the balance call.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [string] $WalletId, [Parameter(Mandatory)] [AllowEmptyCollection()] [hashtable[]] $Balance)
    Invoke-SandboxControl $Sandbox 'balances' @{ walletId = $WalletId; balances = @($Balance) }
}

function Set-MerchantSandboxRate {
    # Replaces the whole rate table: each hashtable is @{ asset = 'BTC'; equivalent = @{ USD = '64250.12'; EUR = '59261.13' } }.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [AllowEmptyCollection()] [hashtable[]] $Rate)
    Invoke-SandboxControl $Sandbox 'rates' @{ rates = @($Rate) }
}

function Add-MerchantSandboxOperation {
    # Adds operations (all or none): each hashtable needs walletId, type and status; id, the assets, the amounts (strings),
    # externalId, createdAt and updatedAt are optional; any other key is kept and returned by find and details.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Sandbox, [Parameter(Mandatory)] [hashtable[]] $Operation)
    Invoke-SandboxControl $Sandbox 'operations' @{ operations = @($Operation) }
}

function Get-MerchantSandboxIssuedSecret {
    # Every access and refresh token the sandbox has issued, plus its password and API key: what must never leak.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Sandbox)
    @(Invoke-SandboxControl $Sandbox 'issued-secrets') + @($Sandbox.Password, $Sandbox.ApiKey)
}

function Invoke-MerchantSandboxKeyRotation {
    # A new signing key: every token issued so far becomes invalid, as after a restart.
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Sandbox)
    $null = Invoke-SandboxControl $Sandbox 'rotate-key'
}

function Stop-MerchantSandbox {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Sandbox)
    process {
        $targets = if ($Sandbox) { @($Sandbox) } else { @($script:Started) }
        foreach ($target in $targets) {
            $process = $target.Process
            if ($env:MERCHANTAPI_SECRETS_LOG -and -not $process.HasExited) {
                # One secret a line, appended: every token this sandbox issued, its password and API key.
                try { Get-MerchantSandboxIssuedSecret $target | Where-Object { $_ } | Add-Content -LiteralPath $env:MERCHANTAPI_SECRETS_LOG }
                catch { Write-Warning "Could not record the sandbox's issued secrets: $_" }
            }
            if (-not $process.HasExited) {
                try { $null = Invoke-SandboxControl $target 'shutdown' } catch { Write-Verbose "Shutdown request failed: $_" }
                if (-not $process.WaitForExit(10000)) {
                    if ($IsLinux -or $IsMacOS) { & kill -s TERM $process.Id 2>$null }
                    if (-not $process.WaitForExit(5000)) { $process.Kill($true) }
                }
            }
            Remove-Item -LiteralPath $target.WorkFolder -Recurse -Force -ErrorAction SilentlyContinue
            $null = $script:Started.Remove($target)
        }
    }
}

Export-ModuleMember -Function Start-MerchantSandbox, Stop-MerchantSandbox, Get-MerchantSandboxStats, Reset-MerchantSandbox,
    Set-MerchantSandboxFault, Set-MerchantSandboxHostile, Set-MerchantSandboxCustomerStatus, Get-MerchantSandboxIssuedSecret,
    Invoke-MerchantSandboxKeyRotation, Set-MerchantSandboxBalance, Set-MerchantSandboxRate, Add-MerchantSandboxOperation
