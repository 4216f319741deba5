@{
    RootModule           = 'MerchantApi.dll'
    ModuleVersion        = '0.1.0' # stamped from the project's <Version> by build.ps1
    GUID                 = '6f0b7c2e-58a4-4f0e-9d3b-2c1e7a9b4d51'
    Author               = 'MerchantApi contributors'
    CompanyName          = 'MerchantApi contributors'
    Copyright            = '(c) MerchantApi contributors. MIT licence.'
    Description          = 'Drive a KunaCore-style merchant API from PowerShell: sign in once and stay signed in, onboard customers in bulk from CSV with retries, throttling and exactly-once creates, and manage customers in pipelines.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('MerchantApi.Format.ps1xml')
    TypesToProcess       = @('MerchantApi.Types.ps1xml')
    CmdletsToExport      = @(
        'Connect-MerchantApi'
        'Disconnect-MerchantApi'
        'Get-MerchantContext'
        'Update-MerchantToken'
        'New-MerchantCustomer'
        'Get-MerchantCustomer'
        'Set-MerchantCustomer'
        'Invoke-MerchantApiRequest'
        'Get-MerchantBalance'
        'Get-MerchantOperation'
        'Get-MerchantRate'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Merchant', 'API', 'REST', 'Customers', 'Onboarding', 'Bulk', 'JWT', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://github.com/merchantapi/MerchantApi/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/merchantapi/MerchantApi'
            ReleaseNotes = @'
0.1.0: first release.
- Connect-MerchantApi (credential or API key, MERCHANTAPI_* environment variables), Get-MerchantContext,
  Disconnect-MerchantApi, Update-MerchantToken: one process-wide session that renews its own tokens.
- New-MerchantCustomer: bulk onboarding from CSV through the pipeline, retries, per-row errors for re-runs,
  -WhatIf, -Country tab completion; client-side checks never stricter than the provider (multi-line notes and
  addresses go through).
- Get-MerchantCustomer: by id or by filters, streaming pages, -First/-Skip.
- Set-MerchantCustomer: fields and status of existing customers, from parameters, customers, ids or CSV rows.
- Get-MerchantBalance, Get-MerchantOperation, Get-MerchantRate: balances per wallet and asset (also from piped
  customers), operations by id or by filters (paged, streaming), exchange rates; amounts as exact decimals.
- Invoke-MerchantApiRequest: every endpoint of the API with the module's session; retries that know a read
  from a write, -Paginate, pipeline bulk in input order, -Raw.
- Full help (Get-Help <cmdlet> -Full, about_MerchantApi) and table/list views for customers, sessions, balances, operations and rates.
Full history: https://github.com/merchantapi/MerchantApi/blob/main/CHANGELOG.md
'@
        }
    }
}
