# Starts, reads the log of and stops a real forward proxy (Debian's tinyproxy) on a free loopback port, for tests of
# Connect-MerchantApi's -Proxy, the proxy environment variables and proxy credentials. tinyproxy is installed with
# apt-get when it is missing and this is root (as on CI); otherwise Start-TestProxy says what to install.
#
# Its log names each request: "Request (file descriptor N): POST http://127.0.0.1:PORT/v2/... HTTP/1.1" for plain
# http through the proxy, and "CONNECT 127.0.0.1:PORT ..." (with "Established connection to host") for an https tunnel.
Set-StrictMode -Version Latest

$script:Started = [System.Collections.Generic.List[object]]::new()

function Get-TinyproxyPath {
    $command = Get-Command tinyproxy -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($command) { return $command.Source }
    foreach ($candidate in '/usr/bin/tinyproxy', '/usr/sbin/tinyproxy') { if (Test-Path $candidate) { return $candidate } }
    $null
}

function Install-Tinyproxy {
    $path = Get-TinyproxyPath
    if ($path) { return $path }
    $isRoot = ($IsLinux -or $IsMacOS) -and ((& id -u) -eq '0')
    if (-not $isRoot -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
        throw "tinyproxy is not installed, and this is not root with apt-get to install it: run 'sudo apt-get install tinyproxy'."
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -q tinyproxy *> $null
    if (-not (Get-TinyproxyPath)) {
        & apt-get update -q *> $null
        & apt-get install -y -q tinyproxy *> $null
    }
    $path = Get-TinyproxyPath
    if (-not $path) { throw 'apt-get could not install tinyproxy.' }
    # The package starts a system-wide tinyproxy on port 8888; the tests start their own and need none of it.
    if (Get-Command systemctl -ErrorAction SilentlyContinue) { & systemctl stop tinyproxy *> $null }
    $path
}

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-TestProxy {
    <#
    .SYNOPSIS
        Starts tinyproxy on 127.0.0.1 at a free port. With -Credential it asks for Basic proxy credentials (407 without).
        Returns Uri (http://127.0.0.1:PORT/, no user info), Port, Log (its log file), Credential, Process.
    #>
    [CmdletBinding()]
    param(
        [pscredential] $Credential,
        [ValidateRange(1, 120)] [int] $StartTimeoutSec = 20
    )
    $binary = Install-Tinyproxy
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ('test-proxy-' + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    $log = Join-Path $work 'tinyproxy.log'
    $null = New-Item -ItemType File -Path $log
    $isRoot = ($IsLinux -or $IsMacOS) -and ((& id -u) -eq '0')
    if ($isRoot) {
        # tinyproxy drops root for 'nobody'; that user must be able to write its log.
        & chmod 0777 $work; & chmod 0666 $log
    }

    foreach ($attempt in 1..5) {
        $port = Get-FreeLoopbackPort
        $config = @(
            "Port $port"
            'Listen 127.0.0.1'
            'Timeout 120'
            "LogFile `"$log`""
            'LogLevel Info'
            'MaxClients 256'
            'Allow 127.0.0.1'
            'DisableViaHeader Yes'
            # No ConnectPort line: CONNECT is allowed to any port (the sandboxes listen on random ones).
        )
        if ($isRoot) { $config += 'User nobody', 'Group nogroup' }
        if ($Credential) {
            $plain = $Credential.GetNetworkCredential()
            $config += "BasicAuth $($plain.UserName) $($plain.Password)"
        }
        $configPath = Join-Path $work 'tinyproxy.conf'
        Set-Content -LiteralPath $configPath -Value $config
        if ($isRoot) { & chmod 0644 $configPath }

        $process = Start-Process -FilePath $binary -ArgumentList '-d', '-c', $configPath -PassThru `
            -RedirectStandardOutput (Join-Path $work 'stdout.txt') -RedirectStandardError (Join-Path $work 'stderr.txt')
        $deadline = [datetime]::UtcNow.AddSeconds($StartTimeoutSec)
        $listening = $false
        while (-not $process.HasExited -and [datetime]::UtcNow -lt $deadline) {
            $client = [System.Net.Sockets.TcpClient]::new()
            try { $client.Connect([System.Net.IPAddress]::Loopback, $port); $listening = $true } catch { } finally { $client.Dispose() }
            if ($listening) { break }
            Start-Sleep -Milliseconds 50
        }
        if ($listening) {
            $proxy = [pscustomobject]@{
                PSTypeName = 'MerchantApi.TestProxy'
                Uri        = [uri]"http://127.0.0.1:$port/"
                Port       = $port
                Log        = $log
                Credential = $Credential
                WorkFolder = $work
                Process    = $process
            }
            $script:Started.Add($proxy)
            return $proxy
        }
        if (-not $process.HasExited) { $process.Kill($true) }
        $why = (Get-Content (Join-Path $work 'stderr.txt') -Raw -ErrorAction SilentlyContinue) + (Get-Content $log -Raw -ErrorAction SilentlyContinue)
        Write-Verbose "tinyproxy on port $port did not start (attempt $attempt): $why"
    }
    throw "tinyproxy did not start: $why"
}

function Get-TestProxyLog {
    # The proxy's log lines so far.
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Proxy)
    process { @(Get-Content -LiteralPath $Proxy.Log -ErrorAction SilentlyContinue) }
}

function Clear-TestProxyLog {
    # Empties the log, so what follows is what one test did.
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Proxy)
    process { Clear-Content -LiteralPath $Proxy.Log }
}

function Stop-TestProxy {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Proxy)
    process {
        $targets = if ($Proxy) { @($Proxy) } else { @($script:Started) }
        foreach ($target in $targets) {
            if (-not $target.Process.HasExited) {
                $target.Process.Kill($true)
                $null = $target.Process.WaitForExit(5000)
            }
            Remove-Item -LiteralPath $target.WorkFolder -Recurse -Force -ErrorAction SilentlyContinue
            $null = $script:Started.Remove($target)
        }
    }
}

Export-ModuleMember -Function Start-TestProxy, Get-TestProxyLog, Clear-TestProxyLog, Stop-TestProxy
