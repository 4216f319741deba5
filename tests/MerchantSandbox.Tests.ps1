# The sandbox helper itself (tests/MerchantSandbox.psm1): what its parameters turn into in the sandbox it starts.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
}
AfterAll {
    Stop-MerchantSandbox
}

Describe 'Start-MerchantSandbox -Latency' {
    It 'takes a TimeSpan as well as milliseconds' {
        $byMilliseconds = Start-MerchantSandbox -Latency 25
        $byTimeSpan = Start-MerchantSandbox -Latency ([timespan]::FromMilliseconds(25))
        # With no settings given, Set-MerchantSandboxFault only reads the ones in force.
        $expected = (Set-MerchantSandboxFault $byMilliseconds).latencyMs
        $expected | Should -Be 25
        (Set-MerchantSandboxFault $byTimeSpan).latencyMs | Should -Be $expected
    }

    It 'refuses a latency over a minute, however it is given' {
        { Start-MerchantSandbox -Latency 60001 } | Should -Throw '*Latency must be 0 to 60000 ms*'
        { Start-MerchantSandbox -Latency ([timespan]::FromMinutes(2)) } | Should -Throw '*Latency must be 0 to 60000 ms*'
    }
}

Describe 'Start-MerchantSandbox without a built copy' -Tag Package {
    # Users who test their own scripts have the installed tool, not out/sandbox: the helper falls back to it.
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'ModulePackage.psm1') -Force
        $version = (Import-PowerShellDataFile $env:MERCHANTAPI_TEST_MODULE).ModuleVersion
        $script:Tool = Install-SandboxTool -ProjectPath (Join-Path $PSScriptRoot '..' 'src' 'MerchantApi.Sandbox' 'MerchantApi.Sandbox.csproj') `
            -Version $version -NoBuild
        $script:SavedPath = $env:PATH
        $script:SavedDefault = & (Get-Module MerchantSandbox) { $script:DefaultSandboxDll }
        & (Get-Module MerchantSandbox) { $script:DefaultSandboxDll = Join-Path ([System.IO.Path]::GetTempPath()) "missing-$([guid]::NewGuid().ToString('n'))/MerchantApi.Sandbox.dll" }
    }
    AfterAll {
        $env:PATH = $script:SavedPath
        & (Get-Module MerchantSandbox) { param($Value) $script:DefaultSandboxDll = $Value } $script:SavedDefault
        if ($script:Tool) { Remove-Item -LiteralPath $script:Tool.WorkFolder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'says how to get one when neither a built copy nor the tool is there' {
        $env:PATH = ($script:SavedPath -split [System.IO.Path]::PathSeparator | Where-Object { -not (Test-Path (Join-Path $_ 'merchant-sandbox')) }) -join [System.IO.Path]::PathSeparator
        Push-Location ([System.IO.Path]::GetTempPath()) # no tool manifest here
        try { { Start-MerchantSandbox } | Should -Throw '*dotnet tool install --global MerchantApi.Sandbox*' }
        finally { Pop-Location }
    }

    It 'runs merchant-sandbox from PATH, and Get-MerchantSandboxStats and Stop-MerchantSandbox work with it' {
        $env:PATH = $script:Tool.WorkFolder + '/tools' + [System.IO.Path]::PathSeparator + $script:SavedPath
        $sandbox = Start-MerchantSandbox -Customers 3
        try {
            $sandbox.Source | Should -Be (Join-Path $script:Tool.WorkFolder 'tools' ($IsWindows ? 'merchant-sandbox.exe' : 'merchant-sandbox'))
            (Get-MerchantSandboxStats $sandbox) | Should -Not -BeNullOrEmpty
        }
        finally { Stop-MerchantSandbox $sandbox }
        $sandbox.Process.HasExited | Should -BeTrue
    }

    It 'still runs the dll given with -Path' {
        $sandbox = Start-MerchantSandbox -Path $script:SavedDefault
        try { $sandbox.Source | Should -Be ([System.IO.Path]::GetFullPath($script:SavedDefault)) }
        finally { Stop-MerchantSandbox $sandbox }
    }
}
