<#
.SYNOPSIS
    One "other module in the same session" scenario, run in its own pwsh by tests/Isolation.Tests.ps1. Loads the
    ASP.NET Core shared framework's Microsoft.Extensions.* 10.x into the default load context (as another module
    would) before or after MerchantApi, uses both, and prints one JSON line describing what is loaded where.
    The sandbox API key comes in $env:MERCHANTAPI_CHILD_APIKEY.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [ValidateSet('OtherFirst', 'OursFirst')] [string] $Order,
    [Parameter(Mandatory)] [string] $Uri,
    [Parameter(Mandatory)] [string] $Email
)
$ErrorActionPreference = 'Stop'
$report = [ordered]@{ Order = $Order; OurCmdlet = $null; OtherTypes = $null; Errors = @() }

function Import-OtherModule {
    # The shared framework next to the runtime pwsh runs on, e.g. <dotnet>/shared/Microsoft.AspNetCore.App/10.0.12.
    $netcore = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $shared = Split-Path (Split-Path $netcore)
    $aspnet = Get-ChildItem (Join-Path $shared 'Microsoft.AspNetCore.App') -Directory | Sort-Object { [version]$_.Name } | Select-Object -Last 1
    foreach ($name in 'Microsoft.Extensions.DependencyInjection.Abstractions', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Http') {
        Add-Type -Path (Join-Path $aspnet.FullName "$name.dll")
    }
}

function Use-OtherModule {
    # The other module's types work: a 10.x container built and resolved.
    $services = [Microsoft.Extensions.DependencyInjection.ServiceCollection]::new()
    $null = [Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions]::AddSingleton($services, [string], 'from the other module')
    $provider = [Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions]::BuildServiceProvider($services)
    $provider.GetService([string])
}

function Use-OurModule([string] $Address) {
    Import-Module $ModulePath
    Connect-MerchantApi -BaseUri $Uri -ApiKey (ConvertTo-SecureString $env:MERCHANTAPI_CHILD_APIKEY -AsPlainText -Force)
    $customer = [pscustomobject]@{ Email = $Address; FirstName = 'Iso'; LastName = 'Lated'; Country = 'FR'; VerificationDocumentId = 'D1'; ResidenceAddress = 'Paris' } |
        New-MerchantCustomer
    $customer.Email
}

try {
    if ($Order -eq 'OtherFirst') {
        Import-OtherModule
        $report.OtherTypes = Use-OtherModule
        $report.OurCmdlet = Use-OurModule $Email
        $report.OtherTypesAfter = Use-OtherModule
    }
    else {
        $report.OurCmdlet = Use-OurModule $Email
        Import-OtherModule
        $report.OtherTypes = Use-OtherModule
        $report.OurCmdletAfter = Use-OurModule ($Email -replace '@', '.again@')
    }
}
catch {
    $report.Errors += "$_"
}

$report.Assemblies = @([AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -in 'MerchantApi', 'MerchantApi.Engine', 'System.Text.Json', 'Microsoft.Extensions.Http', 'Microsoft.Extensions.DependencyInjection.Abstractions' } |
        ForEach-Object {
            [ordered]@{
                Name    = $_.GetName().Name
                Version = $_.GetName().Version.ToString()
                Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name
            }
        } | Sort-Object { $_.Name }, { $_.Version })
$report | ConvertTo-Json -Compress -Depth 4
