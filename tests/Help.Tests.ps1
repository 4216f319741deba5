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
#   examples of Invoke-MerchantApiRequest start with those customers too and also read transfers.csv
#   (externalId,walletId,asset,amount). Examples of Get-MerchantBalance, Get-MerchantOperation and
#   Get-MerchantRate start with those customers too: alex.smith holds BTC, USDT and EUR, olena.kovalenko BTC and
#   UAH, the others the sandbox's generated balances; rates are the sandbox's default table. Those of
#   Get-MerchantBalance and Get-MerchantOperation also start with operations of their wallets: Completed ones of
#   today (alex.smith, olena.kovalenko, marco.rossi), OnHold ones of the last days (alex.smith, olena.kovalenko,
#   jan.novak) and older ones. Each of these examples must output something or write a CSV file with rows.
#   The sandbox imitates the reads (customers, balances, operations, rates) but not
#   the provider's money-moving writes (transfers, withdrawals, exchanges, deposits), which answer 404 there, so
#   NotFound from Invoke-MerchantApiRequest on one of those paths is allowed, also when an example rethrows it;
# - Get-Help -Full shows every parameter's type by its name (a Nullable by its underlying type, no backtick arity),
#   calls a parameter required only when every syntax needs it, and has an explanation after each example's code;
# - the ErrorIds the docs name are ones the code raises (read from src/: literals given with a MerchantErrorKind or
#   to an errorId helper, the *ErrorIds constants, the provider's codes through ResponseReader.ErrorIdOf, Http<status>);
# - New-MerchantCustomer's help says "Required for each row" of exactly the fields a row cannot do without;
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

    # How Get-Help must show a parameter's type, worked out from the type itself: its .NET name without namespace,
    # a Nullable by its underlying type (as PowerShell's own help does), generic arguments in brackets, array ranks.
    function Get-ShownTypeName([type] $Type) {
        if ($Type.IsArray) { return (Get-ShownTypeName $Type.GetElementType()) + '[' + (',' * ($Type.GetArrayRank() - 1)) + ']' }
        $underlying = [Nullable]::GetUnderlyingType($Type)
        if ($underlying) { return Get-ShownTypeName $underlying }
        $name = if ($Type.IsNested) { "$(Get-ShownTypeName $Type.DeclaringType)+$($Type.Name)" } else { $Type.Name }
        if ($Type.IsGenericType) { $name = ($name -replace '`\d+$') + '[' + (@($Type.GenericTypeArguments | ForEach-Object { Get-ShownTypeName $_ }) -join ',') + ']' }
        $name
    }
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

    It 'shows every parameter''s type by its name in Get-Help -Full' {
        $text = $HelpInfo | Out-String -Width 4096
        $text | Should -Not -Match '\w`\d' -Because 'a generic type is shown without its backtick arity'
        foreach ($placeholder in [regex]::Matches($text, '<([^<>\s]+)>')) {
            $value = $placeholder.Groups[1].Value
            ($value -replace '[^\[]').Length | Should -Be ($value -replace '[^\]]').Length -Because "<$value> must be a whole type name"
        }
        foreach ($parameter in $Command.Parameters.Values | Where-Object Name -notin $CommonParameters) {
            $inSyntax = @($HelpInfo.syntax.syntaxItem.parameter | Where-Object name -eq $parameter.Name)
            $inSyntax | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) is in the syntax"
            if ($parameter.SwitchParameter) {
                $text | Should -MatchExactly "(?m)^\s+-$($parameter.Name)\s*$" -Because "the switch -$($parameter.Name) takes no value"
                continue
            }
            $shown = Get-ShownTypeName $parameter.ParameterType
            $text | Should -MatchExactly "(?m)^\s+-$($parameter.Name) <$([regex]::Escape($shown))>\s*$" -Because "-$($parameter.Name) is a $($parameter.ParameterType)"
            $inSyntax.parameterValue | ForEach-Object { $_ | Should -BeExactly $shown -Because "the syntax shows -$($parameter.Name)'s type" }
        }
    }

    It 'calls a parameter required only when the cmdlet cannot run without it' {
        foreach ($parameter in $Command.Parameters.Values | Where-Object Name -notin $CommonParameters) {
            $needed = @($Command.ParameterSets | Where-Object { -not @($_.Parameters | Where-Object { $_.Name -eq $parameter.Name -and $_.IsMandatory }).Count }).Count -eq 0
            (Get-Help $Name -Parameter $parameter.Name).required | Should -Be $needed.ToString().ToLowerInvariant() -Because "-$($parameter.Name) is $(if ($needed) { 'needed by every syntax' } else { 'left out by at least one syntax' })"
        }
        # Above all, a parameter an environment variable stands in for (-ApiKey: MERCHANTAPI_APIKEY) is not required.
        foreach ($parameter in $HelpInfo.parameters.parameter | Where-Object { ($_.description.Text -join ' ') -match 'MERCHANTAPI_\w+' }) {
            $parameter.required | Should -Be 'false' -Because "-$($parameter.name) can come from the environment"
        }
    }

    It 'explains every example after its code' {
        foreach ($example in (ConvertFrom-HelpMarkdown $DocPath).Examples) {
            $after = ($example.Body -split '(?m)^```\s*$')[-1]
            $after.Trim() | Should -Not -BeNullOrEmpty -Because "'$($example.Title)' needs a paragraph after its code that says what it does"
        }
        foreach ($example in (Get-Help $Name -Examples).examples.example) {
            ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty -Because "Get-Help -Examples shows an explanation for '$($example.title.Trim('- '))'"
        }
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

Describe 'ErrorIds in the docs' {
    BeforeAll {
        $root = Join-Path $PSScriptRoot '..'
        $sources = @('MerchantApi', 'MerchantApi.Engine', 'MerchantApi.Model' | ForEach-Object {
                Get-ChildItem (Join-Path $root 'src' $_) -Filter *.cs -Recurse | Where-Object FullName -notmatch '[\\/](obj|bin)[\\/]'
            })
        $code = @($sources | ForEach-Object { [System.IO.File]::ReadAllText($_.FullName) }) -join "`n"
        $id = '[A-Z][A-Za-z0-9]*'

        # The ErrorIds the code can raise, read from the sources:
        $raised = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
        # - a literal passed with its kind: new MerchantApiException("X", MerchantErrorKind...), new("X", ...), ErrorRecords.New("X", ...);
        foreach ($m in [regex]::Matches($code, "`"($id)`"\s*,\s*MerchantErrorKind\.")) { $null = $raised.Add($m.Groups[1].Value) }
        # - a literal passed first to a helper whose first parameter is the ErrorId (Protocol(errorId, ...), Fail(id, ...));
        $helpers = @([regex]::Matches($code, '\b(\w+)\(\s*string\??\s+(?:errorId|id)\b') | ForEach-Object { $_.Groups[1].Value } | Select-Object -Unique)
        foreach ($m in [regex]::Matches($code, "\b(?:$($helpers -join '|'))\(\s*`"($id)`"")) { $null = $raised.Add($m.Groups[1].Value) }
        # - the constants of an *ErrorIds class (the validator's: MissingRequiredField, InvalidCountry, ...);
        foreach ($class in [regex]::Matches($code, '(?s)class \w*ErrorIds\b.*?\n\}')) {
            foreach ($m in [regex]::Matches($class.Value, "const string ($id) = (?:nameof\(\1\)|`"\1`")")) { $null = $raised.Add($m.Groups[1].Value) }
        }
        # - the provider's codes (which the sandbox mirrors) as ResponseReader.ErrorIdOf turns them into ErrorIds,
        #   and Http<status> for an error answer without them.
        $sandboxCodes = [System.IO.File]::ReadAllText((Join-Path $root 'src' 'MerchantApi.Sandbox' 'Http' 'ApiJson.cs'))
        $providerCodes = @([regex]::Matches(([regex]::Match($sandboxCodes, '(?s)class ErrorCodes\b.*?\n\}').Value), 'const string \w+ = "([A-Z_]+)"') | ForEach-Object { $_.Groups[1].Value })
        $null = Get-MerchantContext # loads the engine
        $engine = [System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object { $_.Assemblies } | Where-Object { $_.GetName().Name -eq 'MerchantApi.Engine' } | Select-Object -First 1
        $errorIdOf = $engine.GetType('MerchantApi.Http.ResponseReader', $true).GetMethod('ErrorIdOf', [System.Reflection.BindingFlags]'Static, Public, NonPublic')
        foreach ($providerCode in $providerCodes) { $null = $raised.Add($errorIdOf.Invoke($null, @($providerCode))) }
        $script:Raised = $raised
        $script:ProviderCodes = $providerCodes
        $script:AdviceKeys = @([regex]::Matches([System.IO.File]::ReadAllText((Join-Path $root 'src' 'MerchantApi' 'Infrastructure' 'ErrorRecords.cs')), "\[`"($id)`"\]\s*=") | ForEach-Object { $_.Groups[1].Value })

        # Names in the help that are not ErrorIds, for the weakest of the rules below ("(`X`)", "a `X` error").
        $names = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
        foreach ($command in (Get-Module MerchantApi).ExportedCmdlets.Values) {
            foreach ($p in $command.Parameters.Values) {
                $null = $names.Add($p.Name); $p.Aliases | ForEach-Object { $null = $names.Add($_) }
                $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues } | ForEach-Object { $null = $names.Add($_) }
            }
            foreach ($type in $command.OutputType.Type) { $type.GetProperties().Name | ForEach-Object { $null = $names.Add($_) } }
        }

        $script:NotErrorIds = $names

        # The ErrorIds a markdown text names: backticked PascalCase words used as ErrorIds.
        function Find-NamedErrorId([string] $Markdown, [string] $File, $NotErrorIds) {
            $id = '[A-Z][A-Za-z0-9]*'
            $ids = "``(?<id>$id)``(?:(?:\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+)``(?<id>$id)``)*"
            $text = $Markdown -replace '(?ms)^```.*?^```[ \t]*$', ''
            $isHelp = $text -match '(?m)^document type: (cmdlet|about)\s*$'
            $section = ''
            $column = $null
            # Paragraphs and list items with their soft line breaks joined; headings and table rows one by one.
            $blocks = [System.Collections.Generic.List[string]]::new()
            foreach ($line in $text -split "`r?`n") {
                if ($line -match '^#+\s') { $blocks.Add($line); $blocks.Add(''); continue }
                $last = $blocks.Count - 1
                if (-not $line.Trim() -or $line -match '^\s*([-*+]|\d+\.|\|)\s' -or $last -lt 0 -or $blocks[$last] -match '^(#|\|)') { $blocks.Add($line.Trim()) }
                else { $blocks[$last] = "$($blocks[$last]) $($line.Trim())".Trim() }
            }
            foreach ($block in $blocks) {
                if ($block -match '^#+\s+(.*)$') { $section = $Matches[1]; continue }
                $found = [System.Collections.Generic.List[string]]::new()
                if ($block -match '^\|') {
                    # A table with an ErrorId column: the cells of that column.
                    $cells = @($block.Trim('|') -split '\|' | ForEach-Object { $_.Trim() })
                    $header = [array]::FindIndex([string[]]$cells, [Predicate[string]] { param($c) $c -match '^(ErrorId|Error id)$' })
                    if ($header -ge 0) { $column = $header; continue }
                    if ($null -ne $column -and $cells[0] -notmatch '^:?-+:?$' -and $column -lt $cells.Count -and $cells[$column].Trim('`') -cmatch "^$id$") {
                        $found.Add($cells[$column].Trim('`'))
                    }
                }
                else {
                    $column = $null
                    # "fails with `X`", "the error id is ... `X` or `Y`", "ErrorId `X`".
                    foreach ($m in [regex]::Matches($block, "(?i:\bfail(?:s|ed)?\s+with\b|\berror\s?ids?\b)[^.;:|``]{0,60}?$ids")) { $m.Groups['id'].Captures.Value | ForEach-Object { $found.Add($_) } }
                    # A troubleshooting list: "- `X`, `Y` when ...: what to do".
                    if ($section -match 'Troubleshooting' -and $block -match '^\s*[-*+]\s+(.*?):\s') {
                        [regex]::Matches($Matches[1], "``($id)``") | ForEach-Object { $found.Add($_.Groups[1].Value) }
                    }
                    # In help pages, "(`X`)" after the check or refusal it names, and "a `X` error", unless X is
                    # a parameter, an accepted value or a property of an output type.
                    if ($isHelp) {
                        foreach ($m in [regex]::Matches($block, "\(``($id)``[,)]|``($id)`` errors?\b")) {
                            $word = "$($m.Groups[1].Value)$($m.Groups[2].Value)"
                            if (-not $NotErrorIds.Contains($word)) { $found.Add($word) }
                        }
                    }
                }
                foreach ($word in $found) { [pscustomobject]@{ Id = $word; File = $File; Text = $block } }
            }
        }
        $script:Named = @(Get-ChildItem (Join-Path $root 'docs') -Filter *.md | ForEach-Object {
                Find-NamedErrorId ([System.IO.File]::ReadAllText($_.FullName)) $_.Name $names
            })
    }

    It 'recognises each way the docs name an ErrorId, and nothing else' {
        $markdown = @'
---
document type: cmdlet
---

## DESCRIPTION

A bad row fails with `FieldTooLong` before it is sent. Its `TargetObject` is the row and its error id is the
provider's code, for example `CustomerAlreadyExists` or `InvalidPhoneNumber`. The status `Blocked` (`Blocked`)
asks first; the check (`NoSuchCheck`, with a hint) and a `StaleError` error.

```powershell
Get-Thing -ErrorAction Stop # fails with `InCode`
```

## Troubleshooting

- `OldId`, `OtherOldId` when connecting: connect again.
- Garbled names: use `utf8BOM`.

| case | ErrorId |
|---|---|
| x | TableId |
| y | `TickedId` |
'@
        $found = @(Find-NamedErrorId $markdown 'sample.md' $NotErrorIds | ForEach-Object Id)
        $found | Sort-Object | Should -Be ('CustomerAlreadyExists', 'FieldTooLong', 'InvalidPhoneNumber', 'NoSuchCheck', 'OldId', 'OtherOldId', 'StaleError', 'TableId', 'TickedId')
    }

    It 'finds the ErrorIds of the code and of the docs (the scan is not blind)' {
        foreach ($known in 'NotConnected', 'MissingBaseUri', 'MissingCredential', 'MissingRequiredField', 'DuplicateEmailInInput', 'MissingCustomerId', 'ConfirmationRequired', 'MalformedResponse', 'RefreshTokenExpired', 'CustomerNotFound', 'RequestTimedOut', 'CustomerAlreadyExists', 'ValidationError', 'Unauthorized', 'TooManyRequests') {
            $Raised.Contains($known) | Should -BeTrue -Because "the code raises $known"
        }
        @($Named.Id | Select-Object -Unique).Count | Should -BeGreaterThan 15
        foreach ($known in 'NotConnected', 'MissingRequiredField', 'ConfirmationRequired', 'ValidationError', 'CustomerAlreadyExists', 'Unauthorized', 'Forbidden', 'Http502') {
            $Named.Id | Should -Contain $known -Because 'the docs name it as an ErrorId'
        }
    }

    It 'names only ErrorIds the code raises' {
        $wrong = @($Named | Where-Object { -not $Raised.Contains($_.Id) -and $_.Id -notmatch '^Http[1-5]\d\d$' })
        $wrong | ForEach-Object { "$($_.File): ``$($_.Id)`` in: $($_.Text)" } | Should -BeNullOrEmpty -Because "the code raises only: $(@($Raised | Sort-Object) -join ', ')"
    }

    It 'gives advice only for ErrorIds the code raises' {
        $AdviceKeys | Should -Not -BeNullOrEmpty
        $AdviceKeys | Where-Object { -not $Raised.Contains($_) } | Should -BeNullOrEmpty -Because 'ErrorRecords.Advice is keyed by ErrorIds'
    }
}

Describe 'Help of the fields each row needs' {
    BeforeAll {
        Reset-MerchantSandbox $Sandbox
        Connect-MerchantApi -BaseUri $Sandbox.Uri -MerchantId $Sandbox.MerchantId -Credential $Sandbox.Credential
        $script:Row = Import-Csv (Join-Path $PSScriptRoot '..' 'samples' 'customers.csv') | Select-Object -First 1
        $script:FieldParameters = @((Get-Command New-MerchantCustomer).Parameters.Values | Where-Object {
                $_.ParameterType -eq [string] -and @($_.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count -and $_.Name -in $Row.PSObject.Properties.Name
            })
        # Whether New-MerchantCustomer creates a customer from the sample row without one of its columns (each
        # attempt with an email of its own, so that no attempt meets an earlier one's customer).
        $script:Attempt = 0
        function Test-RowWithout([string] $Field, [hashtable] $Parameters = @{}) {
            $script:Attempt++
            $values = [ordered]@{}
            foreach ($p in $Row.PSObject.Properties) { if ($p.Name -ne $Field) { $values[$p.Name] = $p.Value } }
            if ($values.Contains('Email')) { $values.Email = "row.$Attempt@example.com" }
            if ($Parameters.Contains('Email')) { $Parameters.Email = "parameter.$Attempt@example.com" }
            $failed = $null
            $created = @([pscustomobject]$values | New-MerchantCustomer @Parameters -ErrorAction SilentlyContinue -ErrorVariable failed)
            @($failed).Count -eq 0 -and $created.Count -eq 1
        }
    }
    AfterAll {
        Disconnect-MerchantApi -WarningAction SilentlyContinue
    }

    It 'says "required for each row" of exactly the fields a row cannot do without' {
        $FieldParameters.Count | Should -BeGreaterThan 8
        Test-RowWithout '' | Should -BeTrue -Because 'the sample row is complete'
        $required = @()
        foreach ($parameter in $FieldParameters) {
            $description = (Get-Help New-MerchantCustomer -Parameter $parameter.Name).description.Text -join ' '
            $says = $description -match 'Required for each row, from the column or this parameter\.'
            if (Test-RowWithout $parameter.Name) {
                $says | Should -BeFalse -Because "a row without $($parameter.Name) is created"
            }
            else {
                $required += $parameter.Name
                $says | Should -BeTrue -Because "a row without $($parameter.Name) fails, so its help must say it is required for each row"
                Test-RowWithout $parameter.Name @{ $parameter.Name = $Row.($parameter.Name) } | Should -BeTrue -Because "-$($parameter.Name) can give it for every row"
            }
            (Get-Help New-MerchantCustomer -Parameter $parameter.Name).required | Should -Be 'false' -Because 'pipeline rows can supply it'
        }
        @($required | Sort-Object) | Should -Be ('Country', 'Email', 'FirstName', 'LastName', 'ResidenceAddress', 'VerificationDocumentId') -Because 'the provider requires these six'
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
        $reads = 'Get-MerchantBalance', 'Get-MerchantOperation', 'Get-MerchantRate'
        if ($Command -in @('Get-MerchantCustomer', 'Set-MerchantCustomer', 'Invoke-MerchantApiRequest') + $reads) {
            $existing = @(Import-Csv (Join-Path $PSScriptRoot '..' 'samples' 'customers.csv') | New-MerchantCustomer)
            $seeded = $existing.Count
        }
        if ($Command -in 'Get-MerchantCustomer', 'Set-MerchantCustomer', 'Invoke-MerchantApiRequest') {
            $phones = '+33 6 98 76 54 32', '+380 67 123 4567', '+39 333 765 4321', 'n/a'
            @(for ($i = 0; $i -lt 4; $i++) { [pscustomobject]@{ Id = $existing[$i].Id; Comment = 'Prefers contact by phone'; 'Phone Number' = $phones[$i] } }) |
                Export-Csv (Join-Path $Work 'updates.csv') -Encoding utf8NoBOM
        }
        if ($Command -in $reads) {
            # Two wallets with known balances (alex.smith's USDT and olena.kovalenko's BTC held for the withdrawals on
            # hold below); the other wallets hold the sandbox's generated balances, three assets each.
            $null = Set-MerchantSandboxBalance $Sandbox -WalletId $existing[0].WalletId -Balance @(
                @{ asset = 'BTC'; balance = '0.35000000' }
                @{ asset = 'USDT'; balance = '1250.500000'; holdBalance = '1200.000000' }
                @{ asset = 'EUR'; balance = '8019.01'; referralBalance = '5.94' })
            $null = Set-MerchantSandboxBalance $Sandbox -WalletId $existing[1].WalletId -Balance @(
                @{ asset = 'BTC'; balance = '0.10000000'; holdBalance = '0.25000000' }
                @{ asset = 'UAH'; balance = '89219.79'; lockBalance = '3303.99' })
        }
        if ($Command -in 'Get-MerchantBalance', 'Get-MerchantOperation') {
            # A merchant's day: deposits, exchanges and transfers of today, withdrawals on hold since earlier days, and
            # older ones. Times left out are now; the others count back from now, so "today" holds only the first group.
            $w = @($existing | ForEach-Object WalletId)
            $ago = { param([double] $Days) [datetime]::UtcNow.AddDays(-$Days).ToString('o') }
            $null = Add-MerchantSandboxOperation $Sandbox @(
                @{ walletId = $w[0]; type = 'Deposit'; status = 'Completed'; targetAsset = 'USDT'; targetAmount = '500.000000'; fee = '0.000000'; externalId = 'dep-001' }
                @{ walletId = $w[0]; type = 'CryptoExchange'; status = 'Completed'; sourceAsset = 'BTC'; sourceAmount = '0.01000000'; targetAsset = 'USDT'; targetAmount = '642.180000'; fee = '0.640000'; externalId = 'exc-001' }
                @{ walletId = $w[1]; type = 'Deposit'; status = 'Completed'; targetAsset = 'UAH'; targetAmount = '15000.00'; fee = '0.00'; externalId = 'dep-002' }
                @{ walletId = $w[2]; type = 'Transfer'; status = 'Completed'; sourceAsset = 'EUR'; sourceAmount = '250.00'; targetAsset = 'EUR'; targetAmount = '250.00'; fee = '0.10'; externalId = 'trf-001' }
                @{ walletId = $w[3]; type = 'BuyToSendCrypto'; status = 'Processing'; sourceAsset = 'EUR'; sourceAmount = '100.00'; targetAsset = 'BTC'; targetAmount = '0.00168700'; externalId = 'bts-001' }
                @{ walletId = $w[0]; type = 'Withdraw'; status = 'OnHold'; sourceAsset = 'USDT'; sourceAmount = '1200.000000'; fee = '1.000000'; externalId = 'wdr-001'; createdAt = (& $ago 2) }
                @{ walletId = $w[1]; type = 'WithdrawWithExchange'; status = 'OnHold'; sourceAsset = 'BTC'; sourceAmount = '0.25000000'; targetAsset = 'UAH'; targetAmount = '650304.85'; fee = '0.00025000'; externalId = 'wdr-002'; createdAt = (& $ago 5) }
                @{ walletId = $w[4]; type = 'Withdraw'; status = 'OnHold'; sourceAsset = 'ETH'; sourceAmount = '1.50000000'; fee = '0.00150000'; externalId = 'wdr-003'; createdAt = (& $ago 1) }
                @{ walletId = $w[2]; type = 'DepositWithExchange'; status = 'Completed'; sourceAsset = 'EUR'; sourceAmount = '1000.00'; targetAsset = 'BTC'; targetAmount = '0.01687000'; fee = '1.00'; externalId = 'dwe-001'; createdAt = (& $ago 3) }
                @{ walletId = $w[0]; type = 'Withdraw'; status = 'Declined'; sourceAsset = 'BTC'; sourceAmount = '2.00000000'; externalId = 'wdr-004'; createdAt = (& $ago 7) }
                @{ walletId = $w[5]; type = 'Deposit'; status = 'Created'; targetAsset = 'ETH'; targetAmount = '0.40000000'; externalId = 'dep-003'; createdAt = (& $ago 11) }
            )
        }
        if ($Command -eq 'Invoke-MerchantApiRequest') {
            @(for ($i = 0; $i -lt 3; $i++) { [pscustomobject]@{ externalId = "transfer-$i"; walletId = $existing[$i].WalletId; asset = 'USDT'; amount = '10.00' } }) |
                Export-Csv (Join-Path $Work 'transfers.csv') -Encoding utf8NoBOM
        }
        $given = @(Get-ChildItem $Work -Filter *.csv | ForEach-Object Name)
        $environment = @(Get-ChildItem env:MERCHANTAPI_* -ErrorAction SilentlyContinue)
        $ErrorActionPreference = 'Continue' # as at a prompt: a failed row must not stop the example
        Push-Location $Work
        try {
            $output = & $script 2>&1 3>$null 6>$null
        }
        catch [MerchantApi.MerchantApiException] {
            # An example that rethrows a provider error (see the sandbox's 404s above): checked like any error below.
            if ($Command -ne 'Invoke-MerchantApiRequest') { throw }
            $output = @($_)
        }
        finally {
            Pop-Location
            Get-ChildItem env:MERCHANTAPI_* -ErrorAction SilentlyContinue | Where-Object Name -notin $environment.Name | Remove-Item
            Disconnect-MerchantApi -WarningAction SilentlyContinue
        }
        $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $notImitated = { $_.FullyQualifiedErrorId -eq 'NotFound,MerchantApi.Commands.InvokeMerchantApiRequestCommand' -and $_.Exception.Message -match 'POST /v2/(transfer|withdraw|exchange|deposit)\b' }
        $unexpected = @($errors | Where-Object { -not (& $notImitated) } |
                Where-Object { $_.FullyQualifiedErrorId -notmatch ',MerchantApi\.Commands\.' -or $_.CategoryInfo.Category -notin 'InvalidData', 'ResourceExists' })
        $unexpected | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty
        # An example of a read shows what it reads: it outputs something, or writes a CSV file with rows.
        if ($Command -in $reads) {
            $files = @(Get-ChildItem $Work -Filter *.csv | Where-Object Name -notin $given | Where-Object { @(Import-Csv $_.FullName).Count })
            (@($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }).Count + $files.Count) | Should -BeGreaterThan 0 -Because 'the example reads seeded data'
        }
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
