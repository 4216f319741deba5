# The module and the sandbox as users get them: the same check as `build.ps1 -Task Package`. The sandbox is packed as
# a .NET tool and installed from a local folder source into a temporary tool path; the built module folder is published
# to a temporary PSResourceGet repository, installed into a clean scope, imported by name and smoke-tested against the
# installed merchant-sandbox. About 30-40 s; leave it out locally with -ExcludeTag Package.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'ModulePackage.psm1') -Force
    # One version for the module and the tool: the built manifest's, which the build takes from Directory.Build.props.
    $script:Version = (Import-PowerShellDataFile $env:MERCHANTAPI_TEST_MODULE).ModuleVersion
}

Describe 'Gallery package and sandbox tool' -Tag Package {
    BeforeAll {
        $script:Tool = Install-SandboxTool -ProjectPath (Join-Path $PSScriptRoot '..' 'src' 'MerchantApi.Sandbox' 'MerchantApi.Sandbox.csproj') `
            -Version $script:Version -NoBuild
    }
    AfterAll {
        if ($script:Tool) { Remove-Item -LiteralPath $script:Tool.WorkFolder -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'packs the sandbox as a .NET tool with the module''s version and installs merchant-sandbox from a folder' {
        $script:Tool.Package | Should -Be "MerchantApi.Sandbox.$script:Version.nupkg"
        Test-Path -LiteralPath $script:Tool.Executable | Should -BeTrue
        $help = & $script:Tool.Executable --help
        $LASTEXITCODE | Should -Be 0
        ($help -join "`n") | Should -BeLike '*merchant-sandbox `[options`]*'
        Write-Host "Sandbox tool: $($script:Tool.Package) packed and installed in $($script:Tool.Seconds) s"
    }

    It 'installs the module by name from a PSResourceGet repository and works against the installed tool' {
        $result = Test-ModulePackage -ModuleFolder (Split-Path $env:MERCHANTAPI_TEST_MODULE) `
            -SandboxHelper (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -SandboxPath $script:Tool.Executable
        $result.Module | Should -Be 'MerchantApi'
        $result.Version | Should -Be $script:Version
        $result.Package | Should -BeLike 'MerchantApi.*.nupkg'
        $result.Installed | Should -Not -BeLike "$(Split-Path $env:MERCHANTAPI_TEST_MODULE)*"
        $result.Sandbox | Should -Be $script:Tool.Executable
        Write-Host "Package check: $($result.Package) in $($result.Seconds) s"
    }
}
