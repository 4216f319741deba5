# The module as users get it from a gallery: the same check as `build.ps1 -Task Package` (publish the built folder
# to a temporary PSResourceGet repository, install it into a clean scope, import it by name, smoke-test it
# against the sandbox). About 10-20 s; leave it out locally with -ExcludeTag Package.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'ModulePackage.psm1') -Force
}

Describe 'Gallery package' -Tag Package {
    It 'installs by name from a PSResourceGet repository and works' {
        $result = Test-ModulePackage -ModuleFolder (Split-Path $env:MERCHANTAPI_TEST_MODULE) `
            -SandboxHelper (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') `
            -SandboxDll (Join-Path $PSScriptRoot '..' 'out' 'sandbox' 'MerchantApi.Sandbox.dll')
        $result.Module | Should -Be 'MerchantApi'
        $result.Package | Should -BeLike 'MerchantApi.*.nupkg'
        $result.Installed | Should -Not -BeLike "$(Split-Path $env:MERCHANTAPI_TEST_MODULE)*"
        Write-Host "Package check: $($result.Package) in $($result.Seconds) s"
    }
}
