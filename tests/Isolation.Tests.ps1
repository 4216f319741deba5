# Issue #5: another module in the same session loads Microsoft.Extensions.* 10.x (the ASP.NET Core shared
# framework's copies) before or after us. Each scenario runs in its own pwsh, since assemblies cannot be unloaded.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    $script:Sandbox = Start-MerchantSandbox -RandomSecrets
    $script:Scenario = Join-Path $PSScriptRoot 'helpers' 'Invoke-OtherModuleScenario.ps1'

    function Invoke-Scenario([string] $Order) {
        $env:MERCHANTAPI_CHILD_APIKEY = $Sandbox.ApiKey
        try {
            $lines = @(& (Join-Path $PSHOME 'pwsh') -NoProfile -NonInteractive -File $Scenario -ModulePath $env:MERCHANTAPI_TEST_MODULE `
                -Order $Order -Uri $Sandbox.Uri -Email "iso.$($Order.ToLowerInvariant())@example.com" 2>&1)
        }
        finally { Remove-Item Env:MERCHANTAPI_CHILD_APIKEY }
        $LASTEXITCODE | Should -Be 0 -Because "$lines"
        $lines[-1] | ConvertFrom-Json
    }
}
AfterAll {
    Stop-MerchantSandbox
}

Describe 'Another module loads Microsoft.Extensions.* 10.x in the same session' {
    It 'both keep working when the other module loads <_> us' -ForEach 'before', 'after' {
        $order = if ($_ -eq 'before') { 'OtherFirst' } else { 'OursFirst' }
        $report = Invoke-Scenario $order
        $report.Errors | Should -BeNullOrEmpty
        $report.OurCmdlet | Should -Be "iso.$($order.ToLowerInvariant())@example.com"
        $report.OtherTypes | Should -Be 'from the other module'
        if ($order -eq 'OtherFirst') { $report.OtherTypesAfter | Should -Be 'from the other module' }
        else { $report.OurCmdletAfter | Should -Be "iso.$($order.ToLowerInvariant()).again@example.com" }

        $loaded = @($report.Assemblies | ForEach-Object { '{0} {1} {2}' -f $_.Name, $_.Version.Split('.')[0], $_.Context })
        # Ours: the cmdlet assembly in the default context, the engine and its 8.x dependencies in the private one.
        $loaded | Should -Contain 'MerchantApi 0 Default' -Because ($loaded -join '; ')
        $loaded | Should -Contain 'MerchantApi.Engine 0 MerchantApi.Dependencies'
        $loaded | Should -Contain 'Microsoft.Extensions.Http 8 MerchantApi.Dependencies'
        $loaded | Should -Contain 'Microsoft.Extensions.DependencyInjection.Abstractions 8 MerchantApi.Dependencies'
        # Theirs: 10.x in the default context, side by side with ours.
        $loaded | Should -Contain 'Microsoft.Extensions.Http 10 Default'
        $loaded | Should -Contain 'Microsoft.Extensions.DependencyInjection.Abstractions 10 Default'
        # The framework is never isolated: one System.Text.Json, the runtime's, in the default context.
        @($report.Assemblies | Where-Object Name -EQ 'System.Text.Json').Context | Should -Be 'Default'
    }
}
