# Help, docs and presentation of the built module:
# - every exported cmdlet and parameter has help in Get-Help (built from docs/ into en-US/);
# - docs/<cmdlet>.md agrees with the cmdlet exactly (no drift either way). After changing a cmdlet's parameters, run
#     Import-Module ./out/MerchantApi/MerchantApi.psd1; Import-Module ./.config/build/HelpMarkdown.psm1
#     Update-HelpMarkdown -Module MerchantApi -DocsPath ./docs -HelpUriFormat 'https://github.com/merchantapi/MerchantApi/blob/main/docs/{0}.md'
#   (quote the format: unquoted, PowerShell splits it at '{0}' and new pages get a wrong HelpUri and Locale)
#   in a fresh pwsh after a build, then replace the '{{ Fill ... }}' placeholders it leaves;
# - every example in docs/ runs against the sandbox. Convention for examples (see also docs/about_MerchantApi.md):
#   they may use https://api.example.com (replaced by the sandbox address), $merchantId, $cred (PSCredential,
#   user name = email) and $apiKey (SecureString), and read customers.csv (comma-separated) and
#   customers-excel.csv (';' and a UTF-8 byte order mark) from the current folder. Each example runs in a fresh
#   folder, on an emptied sandbox, after Connect-MerchantApi with $cred. One row of the CSV files is invalid, so
#   the bulk examples also show a failure; provider errors of single rows are allowed, any other error fails.
#   Examples of Get-/Set-MerchantCustomer start with the customers of samples/customers.csv already created
#   (alex.smith@example.com, olena.kovalenko@example.com, ...) and also read updates.csv: Id,Comment,Phone Number
#   for three of them, plus one row with an invalid phone number;
# - the table and list views, -Country completion and the manifest.
BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'HelpMarkdown.psm1') -Force
    $docsFolder = Join-Path $PSScriptRoot '..' 'docs'
    $manifest = Import-PowerShellDataFile $env:MERCHANTAPI_TEST_MODULE
    $script:Cmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } })
    $script:Examples = @(Get-ChildItem $docsFolder -Filter *.md | ConvertFrom-HelpMarkdown | Where-Object DocumentType -eq 'cmdlet' |
            ForEach-Object {
                $doc = $_
                foreach ($example in $doc.Examples) {
                    $code = @([regex]::Matches($example.Body, '(?ms)^```powershell\s*\n(.*?)\n```') | ForEach-Object { $_.Groups[1].Value }) -join "`n"
                    @{ Command = $doc.Title; Title = $example.Title; Code = $code }
                }
            })
}

BeforeAll {
    Import-Module $env:MERCHANTAPI_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot 'MerchantSandbox.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'HelpMarkdown.psm1') -Force
    $script:DocsFolder = Join-Path $PSScriptRoot '..' 'docs'
    $script:ModuleFolder = Split-Path $env:MERCHANTAPI_TEST_MODULE
    $script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters
    $script:Sandbox = Start-MerchantSandbox
}
AfterAll {
    Disconnect-MerchantApi -WarningAction SilentlyContinue
    Stop-MerchantSandbox
}

Describe 'Help of <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Command = Get-Command $Name -Module MerchantApi
        $script:HelpInfo = Get-Help $Name -Full
        $script:DocPath = Join-Path $DocsFolder "$Name.md"
    }

    It 'has a synopsis, a description and examples' {
        $HelpInfo.Synopsis | Should -Not -BeNullOrEmpty
        $HelpInfo.Synopsis | Should -Not -Match ([regex]::Escape("$Name ")) -Because 'a synopsis that repeats the syntax is generated, not written'
        ($HelpInfo.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($HelpInfo.examples.example).Count | Should -BeGreaterThan 0
        (Get-Help $Name -Examples | Out-String) | Should -Match 'Example 1'
    }

    It 'describes every parameter except the common ones' {
        $names = @($Command.Parameters.Keys | Where-Object { $_ -notin $CommonParameters })
        foreach ($parameter in $names) {
            $help = Get-Help $Name -Parameter $parameter -ErrorAction SilentlyContinue
            $help | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'has docs that match the cmdlet exactly' {
        Test-Path $DocPath | Should -BeTrue -Because "docs/$Name.md must exist"
        $drift = @(Compare-HelpMarkdown -Command $Command -Help (ConvertFrom-HelpMarkdown $DocPath))
        $drift -join "`n" | Should -BeNullOrEmpty -Because 'Update-HelpMarkdown brings the docs in line (see the top of this file)'
    }

    It 'has docs without placeholders' {
        Get-Content $DocPath -Raw | Should -Not -Match '\{\{ Fill'
    }
}

Describe 'docs' {
    It 'documents only cmdlets the module exports' {
        $documented = @(Get-ChildItem $DocsFolder -Filter *.md | ConvertFrom-HelpMarkdown | Where-Object DocumentType -eq 'cmdlet' | ForEach-Object Title)
        $exported = @((Get-Module MerchantApi).ExportedCmdlets.Keys)
        $documented | Where-Object { $_ -notin $exported } | Should -BeNullOrEmpty
        $documented | Should -HaveCount $exported.Count
    }

    It 'names every exported cmdlet in the release notes and the changelog' {
        $exported = @((Get-Module MerchantApi).ExportedCmdlets.Keys)
        $releaseNotes = (Get-Module MerchantApi).PrivateData.PSData.ReleaseNotes
        $changelog = Get-Content (Join-Path $DocsFolder '..' 'CHANGELOG.md') -Raw
        $exported | Where-Object { $releaseNotes -notmatch "\b$_\b" } | Should -BeNullOrEmpty -Because 'the manifest release notes list what ships'
        $exported | Where-Object { $changelog -notmatch "\b$_\b" } | Should -BeNullOrEmpty -Because 'CHANGELOG.md lists what ships'
    }

    It 'ships the built help in en-US' {
        Test-Path (Join-Path $ModuleFolder 'en-US' 'MerchantApi.dll-Help.xml') | Should -BeTrue
        Test-Path (Join-Path $ModuleFolder 'en-US' 'about_MerchantApi.help.txt') | Should -BeTrue
    }

    It 'has about_MerchantApi in Get-Help' {
        $text = Get-Help about_MerchantApi | Out-String
        foreach ($topic in 'SESSIONS AND TOKENS', 'BULK ONBOARDING AND RE-RUNS', 'EXPORTING FAILED ROWS', 'THE SANDBOX', 'ENVIRONMENT VARIABLES', 'TROUBLESHOOTING', 'MERCHANTAPI_BASEURI') {
            $text | Should -Match ([regex]::Escape($topic)) -Because "about_MerchantApi covers '$topic'"
        }
    }

    It 'has at least four examples for New-MerchantCustomer: CSV, Excel, failed rows, -WhatIf' {
        $code = (Get-Help New-MerchantCustomer -Examples).examples.example.code -join "`n"
        $code | Should -Match 'Import-Csv \S+ \| New-MerchantCustomer'
        $code | Should -Match "-Delimiter ';' -Encoding utf8BOM"
        $code | Should -Match '-ErrorVariable e'
        $code | Should -Match '\$e\.TargetObject \| Export-Csv'
        $code | Should -Match 'New-MerchantCustomer -WhatIf'
    }
}

Describe 'Example "<Title>" of <Command>' -ForEach $Examples {
    BeforeAll {
        $script:Work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory $Work
        $rows = @(Import-Csv (Join-Path $PSScriptRoot '..' 'samples' 'customers.csv'))
        $bad = $rows[0].PSObject.Copy()
        $bad.Email = 'no.country@example.com'; $bad.Country = 'XX'
        $rows += $bad
        $rows | Export-Csv (Join-Path $Work 'customers.csv') -Encoding utf8NoBOM
        $rows | Export-Csv (Join-Path $Work 'customers-excel.csv') -Delimiter ';' -Encoding utf8BOM
    }

    It 'runs against the sandbox' {
        $Code | Should -Not -BeNullOrEmpty -Because 'an example needs a ```powershell block'
        $script = [scriptblock]::Create($Code.Replace('https://api.example.com', $Sandbox.Uri.ToString().TrimEnd('/')))
        Reset-MerchantSandbox $Sandbox
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        $merchantId = $Sandbox.MerchantId
        $cred = $Sandbox.Credential
        $apiKey = $Sandbox.SecureApiKey
        $seeded = 0
        if ($Command -in 'Get-MerchantCustomer', 'Set-MerchantCustomer') {
            $existing = @(Import-Csv (Join-Path $PSScriptRoot '..' 'samples' 'customers.csv') | New-MerchantCustomer)
            $seeded = $existing.Count
            $phones = '+33 6 98 76 54 32', '+380 67 123 4567', '+39 333 765 4321', 'n/a'
            @(for ($i = 0; $i -lt 4; $i++) { [pscustomobject]@{ Id = $existing[$i].Id; Comment = 'Prefers contact by phone'; 'Phone Number' = $phones[$i] } }) |
                Export-Csv (Join-Path $Work 'updates.csv') -Encoding utf8NoBOM
        }
        $environment = @(Get-ChildItem env:MERCHANTAPI_* -ErrorAction SilentlyContinue)
        $ErrorActionPreference = 'Continue' # as at a prompt: a failed row must not stop the example
        Push-Location $Work
        try {
            $output = & $script 2>&1 3>$null 6>$null
        }
        finally {
            Pop-Location
            Get-ChildItem env:MERCHANTAPI_* -ErrorAction SilentlyContinue | Where-Object Name -notin $environment.Name | Remove-Item
            Disconnect-MerchantApi -WarningAction SilentlyContinue
        }
        $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $unexpected = @($errors | Where-Object { $_.FullyQualifiedErrorId -notmatch ',MerchantApi\.Commands\.' -or $_.CategoryInfo.Category -notin 'InvalidData', 'ResourceExists' })
        $unexpected | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        # What the bulk examples promise: rows are created (or, with -WhatIf, not); failed rows are exported.
        $created = (Get-MerchantSandboxStats $Sandbox).customers
        if ($Code -match 'Import-Csv customers[-\w]*\.csv[^|]*\| New-MerchantCustomer\s*(\||$)') { $created | Should -BeGreaterOrEqual 12 }
        if ($Code -match '-WhatIf') { $created | Should -Be $seeded }
        if ($Code -match 'Export-Csv failed\.csv') { Import-Csv (Join-Path $Work 'failed.csv') | ForEach-Object Email | Should -Be 'no.country@example.com' }
        # Formatting the output must work too (the default views).
        { $output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | Out-String } | Should -Not -Throw
    }
}

Describe 'Views' {
    BeforeAll {
        Reset-MerchantSandbox $Sandbox
        $script:Context = Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential -PassThru
        $script:Customer = Import-Csv (Join-Path $PSScriptRoot '..' 'samples' 'customers.csv') | Select-Object -First 1 | New-MerchantCustomer
        $script:Secrets = @(Get-MerchantSandboxIssuedSecret $Sandbox)
        function Assert-NoSecret([string] $Text) {
            foreach ($secret in $Secrets) { $Text.Contains($secret) | Should -BeFalse -Because 'no view may show a secret' }
            $Text | Should -Not -Match 'eyJ[\w-]+\.'
        }
    }

    It 'shows customers as a table of the useful columns' {
        $lines = @(($Customer | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() })
        $lines[0] -split '\s+' | Where-Object { $_ } | Should -Be 'Email', 'FirstName', 'LastName', 'Country', 'Status', 'Id'
        $lines[2] | Should -Match ([regex]::Escape($Customer.Email))
    }

    It 'lists every property of a customer' {
        $text = $Customer | Format-List | Out-String -Width 200
        foreach ($property in $Customer.PSObject.Properties.Name) { $text | Should -Match "(?m)^$property\s+:" }
        $text | Should -Match ([regex]::Escape($Customer.WalletId))
    }

    It 'shows the session as a table without secrets' {
        $text = $Context | Format-Table | Out-String -Width 200
        $text | Should -Match 'BaseUri\s+MerchantId\s+AuthKind\s+Account\s+AccessTokenExpiresAt'
        $text | Should -Match ([regex]::Escape($Sandbox.MerchantId))
        Assert-NoSecret $text
    }

    It 'lists every property of the session, without secrets' {
        $text = Get-MerchantContext | Format-List | Out-String -Width 200
        foreach ($property in $Context.PSObject.Properties.Name) { $text | Should -Match "(?m)^$property\s+:" }
        Assert-NoSecret $text
        Assert-NoSecret ($Context | Format-List * | Out-String -Width 200)
    }
}

Describe '-Country completion' {
    BeforeAll {
        function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
    }

    It 'completes two-letter codes with the country name as the tooltip' {
        $matches_ = Complete 'New-MerchantCustomer -Country F'
        $matches_.CompletionText | Should -Contain 'FR'
        # Codes starting with F come first; then codes of countries whose name starts with F (French Guiana → GF).
        $codes = @($matches_.CompletionText)
        $firstNameMatch = [array]::FindIndex([string[]]$codes, [Predicate[string]] { param($c) $c -notmatch '^F' })
        $byCode = if ($firstNameMatch -lt 0) { $codes } else { $codes[0..($firstNameMatch - 1)] }
        $byCode | Should -Be ('FI', 'FJ', 'FK', 'FM', 'FO', 'FR')
        $codes | ForEach-Object { $_ | Should -Match '^[A-Z]{2}$' }
        ($matches_ | Where-Object CompletionText -eq 'GF').ToolTip | Should -BeLike 'French*'
        ($matches_ | Where-Object CompletionText -eq 'FR').ToolTip | Should -Be 'France'
        ($matches_ | Where-Object CompletionText -eq 'FR').ResultType | Should -Be 'ParameterValue'
    }

    It 'finds a code by the country''s name' {
        (Complete 'New-MerchantCustomer -Country ukr').CompletionText | Should -Be 'UA'
    }

    It 'offers every code for an empty word, in order' {
        $codes = @((Complete 'New-MerchantCustomer -Country ').CompletionText)
        $codes.Count | Should -BeGreaterThan 10
        $codes | ForEach-Object { $_ | Should -Match '^[A-Z]{2}$' }
        $codes | Should -Be ($codes | Sort-Object -CaseSensitive)
    }

    It 'keeps the quote the user typed' {
        $texts = @((Complete "New-MerchantCustomer -Country 'fr").CompletionText)
        $texts[0] | Should -Be "'FR'"
        $texts | ForEach-Object { $_ | Should -Match "^'[A-Z]{2}'$" }
    }

    It 'completes Set-MerchantCustomer -Country (and its alias) as New-MerchantCustomer''s' {
        $new = @(Complete 'New-MerchantCustomer -Country Fr')
        $new.CompletionText | Should -Be 'FR', 'GF', 'PF', 'TF'
        foreach ($line in 'Set-MerchantCustomer -Country Fr', 'Set-MerchantCustomer -CountryCode Fr') {
            $set = @(Complete $line)
            $set.CompletionText | Should -Be $new.CompletionText
            $set.ToolTip | Should -Be $new.ToolTip
            $set[0].ResultType | Should -Be 'ParameterValue'
        }
    }
}

Describe 'Module manifest' {
    BeforeAll {
        $script:Manifest = Test-ModuleManifest (Join-Path $ModuleFolder 'MerchantApi.psd1')
        $script:Data = Import-PowerShellDataFile (Join-Path $ModuleFolder 'MerchantApi.psd1')
    }

    It 'passes Test-ModuleManifest' {
        $Manifest.Name | Should -Be 'MerchantApi'
        $Manifest.Version | Should -BeGreaterThan ([version]'0.0')
    }

    It 'exports exactly the cmdlets of the module, by name' {
        $Data.CmdletsToExport | Should -Not -Contain '*'
        @($Data.CmdletsToExport | Sort-Object) | Should -Be @((Get-Module MerchantApi).ExportedCmdlets.Keys | Sort-Object)
        @((Get-Command -Module MerchantApi -CommandType Cmdlet).Name | Sort-Object) | Should -Be @($Data.CmdletsToExport | Sort-Object)
        $Data.FunctionsToExport | Should -BeNullOrEmpty
        $Data.AliasesToExport | Should -BeNullOrEmpty
    }

    It 'targets PowerShell 7.4 and later (Core)' {
        $Manifest.CompatiblePSEditions | Should -Be 'Core'
        $Manifest.PowerShellVersion | Should -Be ([version]'7.4')
    }

    It 'has the gallery metadata' {
        $Manifest.Tags | Should -Contain 'PSEdition_Core'
        @($Manifest.Tags).Count | Should -BeGreaterThan 3
        $Manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $Manifest.LicenseUri | Should -Match 'LICENSE$'
        $Manifest.ReleaseNotes | Should -Match ([regex]::Escape($Manifest.Version.ToString(3)))
        $Manifest.Description | Should -Not -BeNullOrEmpty
    }

    It 'comes with an MIT LICENSE and a CHANGELOG entry for its version' {
        Get-Content (Join-Path $PSScriptRoot '..' 'LICENSE') -Raw | Should -Match 'MIT License'
        Get-Content (Join-Path $PSScriptRoot '..' 'CHANGELOG.md') -Raw | Should -Match ([regex]::Escape("## [$($Manifest.Version.ToString(3))]"))
    }
}
