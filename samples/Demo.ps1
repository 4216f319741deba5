<#
.SYNOPSIS
    The README's demo: start the sandbox, connect, onboard samples/customers.csv, print the customers.
#>
param([Parameter(Mandatory)] [string] $ModulePath)
$ErrorActionPreference = 'Stop'

Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '..' 'tests' 'MerchantSandbox.psm1')

$sandbox = Start-MerchantSandbox
try {
    Connect-MerchantApi -BaseUri $sandbox.Uri -MerchantId $sandbox.MerchantId -Credential $sandbox.Credential
    $customers = Import-Csv (Join-Path $PSScriptRoot 'customers.csv') | New-MerchantCustomer
    $customers | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
    Write-Host "Created $(@($customers).Count) customers in the sandbox at $($sandbox.Uri)."
}
finally {
    Stop-MerchantSandbox $sandbox
}
