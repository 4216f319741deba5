# Unit tests of the help converter (.config/build/HelpMarkdown.psm1) on a small sample: markdown in the
# cmdlet schema -> model -> markdown (round trip), MAML and about text, drift detection and updating.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' '.config' 'build' 'HelpMarkdown.psm1') -Force

    $script:SampleMarkdown = @'
---
document type: cmdlet
external help file: Sample.dll-Help.xml
HelpUri: https://example.com/help/Get-Sample
Locale: en-US
Module Name: Sample
ms.date: 11/28/2026
PlatyPS schema version: 2024-05-01
title: Get-Sample
---

# Get-Sample

## SYNOPSIS

Gets samples & friends.

## SYNTAX

### ByName (Default)

```
Get-Sample [-Name] <string> [-Kind <string>] [<CommonParameters>]
```

### ByObject

```
Get-Sample -InputObject <psobject> [-Kind <string>] [<CommonParameters>]
```

## ALIASES

This cmdlet has no aliases.

## DESCRIPTION

Gets samples by name
or from the pipeline.

- one item
- another item

## EXAMPLES

### Example 1: By name

```powershell
Get-Sample -Name one
```

Gets the sample named one.

### Example 2: From the pipeline

```powershell
$rows = Import-Csv samples.csv
$rows | Get-Sample -Kind Big
```

## PARAMETERS

### -InputObject

The object to read.

```yaml
Type: System.Management.Automation.PSObject
DefaultValue: None
SupportsWildcards: false
Aliases: []
ParameterSets:
- Name: ByObject
  Position: Named
  IsRequired: true
  ValueFromPipeline: true
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### -Kind

The kind of sample.

```yaml
Type: System.String
DefaultValue: None
SupportsWildcards: false
Aliases:
- k
ParameterSets:
- Name: (All)
  Position: Named
  IsRequired: false
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: true
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues:
- Big
- Small
HelpMessage: ''
```

### -Name

The name of the sample.

```yaml
Type: System.String
DefaultValue: None
SupportsWildcards: false
Aliases: []
ParameterSets:
- Name: ByName
  Position: 0
  IsRequired: true
  ValueFromPipeline: false
  ValueFromPipelineByPropertyName: false
  ValueFromRemainingArguments: false
DontShow: false
AcceptedValues: []
HelpMessage: ''
```

### CommonParameters

This cmdlet supports the common parameters.

## INPUTS

### System.Management.Automation.PSObject

Any object.

## OUTPUTS

### System.String

The sample's name.

## NOTES

Samples are <not> real.

## RELATED LINKS

- [about_Sample](about_Sample.md)
- [Online](https://example.com/sample)
'@ -replace "`r", ''

    # A function with exactly the documented parameters, to check drift detection against.
    function Get-Sample {
        [CmdletBinding(DefaultParameterSetName = 'ByName')]
        [OutputType([string])]
        param(
            [Parameter(Mandatory, Position = 0, ParameterSetName = 'ByName')] [string] $Name,
            [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'ByObject')] [psobject] $InputObject,
            [Parameter(ValueFromPipelineByPropertyName)] [ValidateSet('Big', 'Small')] [Alias('k')] [string] $Kind
        )
    }

    $script:Help = ConvertFrom-HelpMarkdownText -Markdown $SampleMarkdown
    $script:Maml = [xml](ConvertTo-MamlHelp -Help $Help)
    $script:Ns = [System.Xml.XmlNamespaceManager]::new($Maml.NameTable)
    $Ns.AddNamespace('msh', 'http://msh')
    $Ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
    $Ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
    $Ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
    function Select-Maml([string] $XPath, $Node = $Maml) { , @($Node.SelectNodes($XPath, $Ns)) }
}

Describe 'ConvertFrom-HelpMarkdown' {
    It 'reads the front matter, title and sections' {
        $Help.DocumentType | Should -Be 'cmdlet'
        $Help.FrontMatter['external help file'] | Should -Be 'Sample.dll-Help.xml'
        $Help.FrontMatter['PlatyPS schema version'] | Should -Be '2024-05-01'
        $Help.Title | Should -Be 'Get-Sample'
        $Help.Synopsis | Should -Be 'Gets samples & friends.'
        $Help.Syntax.Name | Should -Be 'ByName', 'ByObject'
        $Help.Syntax[0].IsDefault | Should -BeTrue
        $Help.Examples.Title | Should -Be 'Example 1: By name', 'Example 2: From the pipeline'
        $Help.Inputs.Type | Should -Be 'System.Management.Automation.PSObject'
        $Help.Outputs.Type | Should -Be 'System.String'
        $Help.RelatedLinks.Uri | Should -Be 'about_Sample.md', 'https://example.com/sample'
    }

    It 'reads each parameter''s description and yaml block' {
        $Help.Parameters.Name | Should -Be 'InputObject', 'Kind', 'Name'
        $kind = $Help.Parameters | Where-Object Name -eq 'Kind'
        $kind.Description | Should -Be 'The kind of sample.'
        $kind.Meta.Type | Should -Be 'System.String'
        $kind.Meta.Aliases | Should -Be 'k'
        $kind.Meta.AcceptedValues | Should -Be 'Big', 'Small'
        $kind.Meta.ParameterSets[0].Name | Should -Be '(All)'
        $kind.Meta.ParameterSets[0].ValueFromPipelineByPropertyName | Should -BeTrue
        ($Help.Parameters | Where-Object Name -eq 'Name').Meta.ParameterSets[0].Position | Should -Be '0'
    }

    It 'writes the same markdown back (round trip)' {
        ConvertTo-HelpMarkdown $Help | Should -BeExactly ($SampleMarkdown.TrimEnd() + "`n")
    }
}

Describe 'ConvertTo-MamlHelp' {
    It 'writes valid XML with the MAML namespaces' {
        $Maml.DocumentElement.LocalName | Should -Be 'helpItems'
        $Maml.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $Maml.DocumentElement.schema | Should -Be 'maml'
        $command = Select-Maml '/msh:helpItems/command:command'
        $command | Should -HaveCount 1
        foreach ($prefix in 'maml', 'command', 'dev') {
            $command[0].GetAttribute("xmlns:$prefix") | Should -Be $Ns.LookupNamespace($prefix)
        }
    }

    It 'has the name, verb, noun, synopsis and description' {
        (Select-Maml '//command:details/command:name')[0].InnerText | Should -Be 'Get-Sample'
        (Select-Maml '//command:details/command:verb')[0].InnerText | Should -Be 'Get'
        (Select-Maml '//command:details/command:noun')[0].InnerText | Should -Be 'Sample'
        (Select-Maml '//command:details/maml:description/maml:para')[0].InnerText | Should -Be 'Gets samples & friends.'
        $paras = Select-Maml '/msh:helpItems/command:command/maml:description/maml:para'
        $paras[0].InnerText | Should -Be 'Gets samples by name or from the pipeline.'
        $paras[1].InnerText | Should -Be "- one item`n- another item"
    }

    It 'has every parameter with type, position, pipeline input, aliases and accepted values' {
        $parameters = Select-Maml '//command:parameters/command:parameter'
        $parameters | ForEach-Object { $_.SelectSingleNode('maml:name', $Ns).InnerText } |
            Should -Be 'InputObject', 'Kind', 'Name'
        $byName = @{}
        foreach ($p in $parameters) { $byName[$p.SelectSingleNode('maml:name', $Ns).InnerText] = $p }
        $byName.InputObject.pipelineInput | Should -Be 'True (ByValue)'
        $byName.InputObject.required | Should -Be 'false' -Because 'the ByName syntax runs without it'
        $byName.Kind.pipelineInput | Should -Be 'True (ByPropertyName)'
        $byName.Kind.aliases | Should -Be 'k'
        $byName.Name.position | Should -Be '0'
        $byName.Name.SelectSingleNode('dev:type/maml:name', $Ns).InnerText | Should -Be 'System.String'
        $byName.Name.SelectSingleNode('maml:description/maml:para', $Ns).InnerText | Should -Be 'The name of the sample.'
        @($byName.Kind.SelectNodes('command:parameterValueGroup/command:parameterValue', $Ns)).InnerText | Should -Be 'Big', 'Small'
    }

    It 'has one syntax item per parameter set with that set''s parameters' {
        $items = Select-Maml '//command:syntax/command:syntaxItem'
        $items | Should -HaveCount 2
        @($items[0].SelectNodes('command:parameter/maml:name', $Ns)).InnerText | Should -Be 'Name', 'Kind'
        @($items[1].SelectNodes('command:parameter/maml:name', $Ns)).InnerText | Should -Be 'InputObject', 'Kind'
    }

    It 'has the examples with code and remarks' {
        $examples = Select-Maml '//command:examples/command:example'
        $examples | Should -HaveCount 2
        $examples[0].SelectSingleNode('maml:title', $Ns).InnerText | Should -Match 'Example 1: By name'
        $examples[0].SelectSingleNode('dev:code', $Ns).InnerText | Should -Be 'Get-Sample -Name one'
        $examples[0].SelectSingleNode('dev:remarks/maml:para', $Ns).InnerText | Should -Be 'Gets the sample named one.'
        $examples[1].SelectSingleNode('dev:code', $Ns).InnerText | Should -Be "`$rows = Import-Csv samples.csv`n`$rows | Get-Sample -Kind Big"
    }

    It 'has inputs, outputs, notes and links' {
        (Select-Maml '//command:inputTypes/command:inputType/dev:type/maml:name')[0].InnerText | Should -Be 'System.Management.Automation.PSObject'
        (Select-Maml '//command:returnValues/command:returnValue/dev:type/maml:name')[0].InnerText | Should -Be 'System.String'
        (Select-Maml '//command:returnValues/command:returnValue/maml:description/maml:para')[0].InnerText | Should -Be 'The sample''s name.'
        (Select-Maml '//maml:alertSet/maml:alert/maml:para')[0].InnerText | Should -Be 'Samples are <not> real.'
        (Select-Maml '//command:relatedLinks/maml:navigationLink/maml:uri').InnerText | Should -Contain 'https://example.com/help/Get-Sample'
    }
}

Describe 'ConvertTo-AboutHelpText' {
    It 'writes a TOPIC header, capitalised sections, wrapped text and indented code' {
        $about = ConvertFrom-HelpMarkdownText -Markdown (@'
---
document type: about
title: about_Sample
---

# about_Sample

## Short description

Samples.

## Long description

A long paragraph that certainly needs to be wrapped because it is longer than eighty characters in total, by far.

### Using it

```powershell
Get-Sample -Name one | Format-List
```

- a list item
'@ -replace "`r", '')
        $text = ConvertTo-AboutHelpText $about
        $lines = $text -split "`n"
        $lines[0..1] | Should -Be 'TOPIC', '    about_Sample'
        $lines | Should -Contain 'SHORT DESCRIPTION'
        $lines | Should -Contain 'LONG DESCRIPTION'
        $lines | Should -Contain '  Using it'
        $lines | Should -Contain '        Get-Sample -Name one | Format-List'
        $lines | Should -Contain '    - a list item'
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        ($lines | Where-Object { $_ -like '    A long paragraph*' }) | Should -Not -BeNullOrEmpty
    }
}

Describe 'Compare-HelpMarkdown and Update-HelpMarkdown' {
    It 'finds no drift when the docs match the command' {
        Compare-HelpMarkdown -Command (Get-Command Get-Sample) -Help $Help | Should -BeNullOrEmpty
    }

    It 'reports parameters added, removed, retyped and taking other pipeline input' {
        function Get-Sample {
            [CmdletBinding(DefaultParameterSetName = 'ByName')]
            [OutputType([string])]
            param(
                [Parameter(Mandatory, Position = 0, ParameterSetName = 'ByName')] [int] $Name,
                [Parameter(ValueFromPipelineByPropertyName)] [ValidateSet('Big', 'Small')] [Alias('k')] [string] $Kind,
                [Parameter(ValueFromPipeline, ParameterSetName = 'ByName')] [string] $Extra
            )
        }
        $drift = Compare-HelpMarkdown -Command (Get-Command Get-Sample) -Help $Help
        $drift | Should -Contain 'Get-Sample: -Extra is not documented.'
        $drift | Should -Contain 'Get-Sample: -InputObject is documented but the cmdlet has no such parameter.'
        ($drift -match '-Name .*Type: System.String.*Type: System.Int32') | Should -Not -BeNullOrEmpty
        ($drift -like '*SYNTAX differs*') | Should -Not -BeNullOrEmpty
    }

    It 'creates help for a new command and then updates it, keeping what was written' {
        $docs = Join-Path $TestDrive 'docs'
        $null = New-Item -ItemType Directory $docs
        $module = New-Module -Name HelpSampleModule -ScriptBlock {
            function Get-Thing { [CmdletBinding()] param([Parameter(ValueFromPipeline)] [string] $Name) }
        } | Import-Module -PassThru
        try {
            (Update-HelpMarkdown -Module HelpSampleModule -DocsPath $docs).Name | Should -Be 'Get-Thing.md'
            $file = Join-Path $docs 'Get-Thing.md'
            Get-Content $file -Raw | Should -Match '\{\{ Fill Name Description \}\}'
            (Get-Content $file -Raw) -replace '\{\{ Fill Name Description \}\}', 'The thing''s name.' | Set-Content $file -NoNewline
            Update-HelpMarkdown -Module HelpSampleModule -DocsPath $docs | Should -BeNullOrEmpty -Because 'nothing changed'

            # The command grows a parameter: the update adds it and keeps the written description.
            Remove-Module HelpSampleModule
            $null = New-Module -Name HelpSampleModule -ScriptBlock {
                function Get-Thing { [CmdletBinding()] param([Parameter(ValueFromPipeline)] [string] $Name, [switch] $Force) }
            } | Import-Module -PassThru
            (Update-HelpMarkdown -Module HelpSampleModule -DocsPath $docs).Name | Should -Be 'Get-Thing.md'
            $updated = ConvertFrom-HelpMarkdown $file
            $updated.Parameters.Name | Should -Be 'Force', 'Name'
            ($updated.Parameters | Where-Object Name -eq 'Name').Description | Should -Be 'The thing''s name.'
            Compare-HelpMarkdown -Command (Get-Command Get-Thing) -Help $updated | Should -BeNullOrEmpty
        }
        finally {
            Remove-Module HelpSampleModule -ErrorAction SilentlyContinue
        }
    }
}

BeforeDiscovery {
    # Parameter types and how Get-Help must show them: the value placeholder (as PowerShell's own help does, a
    # Nullable by its underlying type) and the type, both without backtick arity or assembly names.
    $script:TypeSamples = @(
        @{ Parameter = 'When'; Declared = '[Nullable[datetime]]'; Shows = 'DateTime'; Type = 'System.Nullable[System.DateTime]' }
        @{ Parameter = 'At'; Declared = '[datetime]'; Shows = 'DateTime'; Type = 'System.DateTime' }
        @{ Parameter = 'Count'; Declared = '[Nullable[int]]'; Shows = 'Int32'; Type = 'System.Nullable[System.Int32]' }
        @{ Parameter = 'Size'; Declared = '[int]'; Shows = 'Int32'; Type = 'System.Int32' }
        @{ Parameter = 'Big'; Declared = '[ulong]'; Shows = 'UInt64'; Type = 'System.UInt64' }
        @{ Parameter = 'Name'; Declared = '[string]'; Shows = 'String'; Type = 'System.String' }
        @{ Parameter = 'Names'; Declared = '[string[]]'; Shows = 'String[]'; Type = 'System.String[]' }
        @{ Parameter = 'Grid'; Declared = '[string[,]]'; Shows = 'String[,]'; Type = 'System.String[,]' }
        @{ Parameter = 'Maybe'; Declared = '[Nullable[int][]]'; Shows = 'Int32[]'; Type = 'System.Nullable[System.Int32][]' }
        @{ Parameter = 'Key'; Declared = '[securestring]'; Shows = 'SecureString'; Type = 'System.Security.SecureString' }
        @{ Parameter = 'Credential'; Declared = '[pscredential]'; Shows = 'PSCredential'; Type = 'System.Management.Automation.PSCredential' }
        @{ Parameter = 'InputObject'; Declared = '[psobject]'; Shows = 'PSObject'; Type = 'System.Management.Automation.PSObject' }
        @{ Parameter = 'Table'; Declared = '[hashtable]'; Shows = 'Hashtable'; Type = 'System.Collections.Hashtable' }
        @{ Parameter = 'Tables'; Declared = '[hashtable[]]'; Shows = 'Hashtable[]'; Type = 'System.Collections.Hashtable[]' }
        @{ Parameter = 'List'; Declared = '[System.Collections.Generic.List[string]]'; Shows = 'List[String]'; Type = 'System.Collections.Generic.List[System.String]' }
        @{ Parameter = 'Map'; Declared = '[System.Collections.Generic.Dictionary[string,int]]'; Shows = 'Dictionary[String,Int32]'; Type = 'System.Collections.Generic.Dictionary[System.String,System.Int32]' }
        @{ Parameter = 'Nested'; Declared = '[System.Collections.Generic.Dictionary[string,System.Collections.Generic.List[Nullable[int]]]]'; Shows = 'Dictionary[String,List[Int32]]'; Type = 'System.Collections.Generic.Dictionary[System.String,System.Collections.Generic.List[System.Nullable[System.Int32]]]' }
        @{ Parameter = 'Uri'; Declared = '[uri]'; Shows = 'Uri'; Type = 'System.Uri' }
        @{ Parameter = 'Script'; Declared = '[scriptblock]'; Shows = 'ScriptBlock'; Type = 'System.Management.Automation.ScriptBlock' }
        @{ Parameter = 'Color'; Declared = '[ConsoleColor]'; Shows = 'ConsoleColor'; Type = 'System.ConsoleColor' }
        @{ Parameter = 'MaybeColor'; Declared = '[Nullable[ConsoleColor]]'; Shows = 'ConsoleColor'; Type = 'System.Nullable[System.ConsoleColor]' }
        @{ Parameter = 'Folder'; Declared = '[System.Environment+SpecialFolder]'; Shows = 'Environment+SpecialFolder'; Type = 'System.Environment+SpecialFolder' }
        @{ Parameter = 'Anything'; Declared = '[object]'; Shows = 'Object'; Type = 'System.Object' }
    )
}

Describe 'Get-Help of help built from the markdown' -ForEach @(@{ TypeSamples = $TypeSamples }) {
    BeforeAll {
        # A module on disk whose one function reads its help from the MAML the builder makes of markdown that
        # Update-HelpMarkdown writes: the whole path a type name takes, from the live parameter to Get-Help.
        $moduleName = "HelpTypeSample$([guid]::NewGuid().ToString('n').Substring(0, 8))"
        $folder = Join-Path $TestDrive $moduleName
        $docs = Join-Path $TestDrive "$moduleName-docs"
        $null = New-Item -ItemType Directory $folder, $docs
        $parameters = @($TypeSamples | ForEach-Object { "        [Parameter(ParameterSetName = 'Typed')] $($_.Declared) `$$($_.Parameter)" }) +
            "        [Parameter(ParameterSetName = 'Typed')] [switch] `$Force" +
            "        [Parameter(Mandatory, ParameterSetName = 'Keyed')] [string] `$Token" +
            "        [Parameter(Mandatory)] [string] `$Always"
        Set-Content (Join-Path $folder "$moduleName.psm1") -Value @"
function Get-TypeSample {
    <#
    .ExternalHelp $moduleName-help.xml
    #>
    [CmdletBinding(DefaultParameterSetName = 'Typed')]
    param(
$($parameters -join ",`n")
    )
}
"@
        $script:SampleModule = Import-Module (Join-Path $folder "$moduleName.psm1") -PassThru -Force
        $null = Update-HelpMarkdown -Module $moduleName -DocsPath $docs
        $script:Markdown = Get-Content (Join-Path $docs 'Get-TypeSample.md') -Raw
        $script:Built = @(Export-HelpFile -DocsPath $docs -OutputPath (Join-Path $folder 'en-US'))
        $script:Full = Get-Help Get-TypeSample -Full
        $script:FullText = $Full | Out-String -Width 1000
    }
    AfterAll {
        if ($SampleModule) { Remove-Module $SampleModule -Force }
    }

    It 'reads the built MAML file' {
        $Built.Name | Should -Be "$($SampleModule.Name)-help.xml"
        $Full.Synopsis | Should -Match 'Fill Synopsis' -Because 'Get-Help must show the built file, not help generated from the function'
    }

    It 'keeps the type names of the markdown as PlatyPS writes them' {
        $Markdown | Should -Match ([regex]::Escape('Type: System.Nullable`1[System.DateTime]'))
        $Markdown | Should -Match ([regex]::Escape('Type: System.Collections.Generic.Dictionary`2[System.String,System.Int32]'))
        $Markdown | Should -Not -Match 'Version=|PublicKeyToken' -Because 'type names carry no assembly names'
    }

    It 'shows -<Parameter> (<Declared>) as <Shows> in the syntax, the parameter list and the type' -ForEach $TypeSamples {
        $FullText | Should -MatchExactly "\[-$Parameter <$([regex]::Escape($Shows))>\]" -Because 'the syntax shows the value''s type'
        $FullText | Should -MatchExactly "(?m)^\s+-$Parameter <$([regex]::Escape($Shows))>\s*$" -Because 'the parameter list shows the value''s type'
        $help = $Full.parameters.parameter | Where-Object name -eq $Parameter
        $help.type.name | Should -BeExactly $Type
        $help.parameterValue | Should -BeExactly $Shows
    }

    It 'shows no backtick arity, assembly name or stray bracket anywhere' {
        $FullText | Should -Not -Match '\w`\d'
        # Each <value> placeholder has balanced brackets: <DateTime]> was what `1 split at a dot made of a Nullable.
        foreach ($placeholder in [regex]::Matches($FullText, '<([^<>\s]+)>')) {
            $text = $placeholder.Groups[1].Value
            @($text.ToCharArray() | Where-Object { $_ -eq '[' }).Count | Should -Be @($text.ToCharArray() | Where-Object { $_ -eq ']' }).Count -Because "<$text> must be a whole type name"
        }
        $FullText | Should -Not -Match 'Version=|PublicKeyToken|System\.Private\.CoreLib'
    }

    It 'shows a switch without a value' {
        $FullText | Should -MatchExactly '\[-Force\]'
        $FullText | Should -MatchExactly '(?m)^\s+-Force\s*$'
    }

    It 'calls a parameter required only when every syntax needs it' {
        ($Full.parameters.parameter | Where-Object name -eq 'Always').required | Should -Be 'true'
        ($Full.parameters.parameter | Where-Object name -eq 'Token').required | Should -Be 'false' -Because 'the Typed syntax runs without -Token'
        ($Full.parameters.parameter | Where-Object name -eq 'Name').required | Should -Be 'false'
        # The Keyed syntax itself still needs -Token: it is shown without brackets there.
        $FullText | Should -MatchExactly 'Get-TypeSample -Token <String> -Always <String>'
    }
}
