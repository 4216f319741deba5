<#
    Help for the module, written in docs/ as markdown in the Microsoft.PowerShell.PlatyPS 1.x schema
    ("PlatyPS schema version: 2024-05-01") and built into what Get-Help reads:

      docs/<Verb-Noun>.md  (document type: cmdlet) -> en-US/<external help file>  (MAML, one file per assembly)
      docs/about_*.md      (document type: about)  -> en-US/about_*.help.txt     (plain text)

    Keeping docs in sync with the cmdlets (run in a fresh pwsh, after a build):
      Import-Module ./out/MerchantApi/MerchantApi.psd1; Import-Module ./.config/build/HelpMarkdown.psm1
      Update-HelpMarkdown -Module MerchantApi -DocsPath ./docs `
          -HelpUriFormat https://github.com/merchantapi/MerchantApi/blob/main/docs/{0}.md
    rewrites every generated part of docs/<cmdlet>.md (front matter title, SYNTAX, the yaml block of each
    parameter, new and removed parameters, new cmdlets) and keeps every written part (synopsis, description,
    examples, parameter descriptions, inputs, outputs, notes, links). New parts get '{{ Fill ... }}'
    placeholders, which the help tests reject. Compare-HelpMarkdown lists the drift without writing.

    Only markdown files whose front matter says "document type: cmdlet" or "about" are help; other files in
    docs/ (the API contract, ...) are left alone.
#>
Set-StrictMode -Version Latest

$script:SchemaVersion = '2024-05-01'
$script:Placeholder = '{{ Fill '
$script:MamlNamespaces = [ordered]@{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}
$script:CommonParametersText = @'
This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable,
-InformationAction, -InformationVariable, -OutBuffer, -OutVariable, -PipelineVariable,
-ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see
[about_CommonParameters](https://go.microsoft.com/fwlink/?LinkID=113216).
'@ -replace "`r", ''
$script:SectionOrder = 'SYNOPSIS', 'SYNTAX', 'ALIASES', 'DESCRIPTION', 'EXAMPLES', 'PARAMETERS', 'INPUTS', 'OUTPUTS', 'NOTES', 'RELATED LINKS'
$script:MetaKeys = 'Type', 'DefaultValue', 'SupportsWildcards', 'Aliases', 'ParameterSets', 'DontShow', 'AcceptedValues', 'HelpMessage'
$script:SetKeys = 'Name', 'Position', 'IsRequired', 'ValueFromPipeline', 'ValueFromPipelineByPropertyName', 'ValueFromRemainingArguments'

#region text helpers

function Join-Lines([string[]] $Lines) {
    # Joins lines and trims blank lines at both ends.
    $list = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @($Lines)) { $list.Add($line.TrimEnd()) }
    while ($list.Count -and -not $list[0]) { $list.RemoveAt(0) }
    while ($list.Count -and -not $list[$list.Count - 1]) { $list.RemoveAt($list.Count - 1) }
    $list -join "`n"
}

function Split-MarkdownBlock([string] $Text) {
    # Paragraphs, list/table groups and fenced code blocks of a markdown fragment, in order.
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $fence = $null; $language = ''
    $flush = {
        if ($current.Count) {
            $isList = $current[0] -match '^\s*([-*+]|\d+\.|\|)\s'
            $blocks.Add([pscustomobject]@{ Kind = if ($isList) { 'List' } else { 'Text' }; Language = ''; Text = ($current -join "`n") })
            $current.Clear()
        }
    }
    foreach ($line in ($Text -split "`r?`n")) {
        if ($null -ne $fence) {
            if ($line.Trim() -eq $fence) {
                $blocks.Add([pscustomobject]@{ Kind = 'Code'; Language = $language; Text = ($current -join "`n") })
                $current.Clear(); $fence = $null
            }
            else { $current.Add($line) }
        }
        elseif ($line -match '^\s*(```+|~~~+)\s*([\w-]*)\s*$') {
            & $flush
            $fence = $Matches[1]; $language = $Matches[2]
        }
        elseif (-not $line.Trim()) { & $flush }
        else { $current.Add($line.TrimEnd()) }
    }
    if ($null -ne $fence) { throw "Unclosed code fence in: $Text" }
    & $flush
    $blocks
}

function ConvertTo-ParagraphText([object] $Block) {
    # A text block as one paragraph (soft line breaks joined); lists, tables and code keep their lines.
    if ($Block.Kind -eq 'Text') { ($Block.Text -split "`n" | ForEach-Object { $_.Trim() }) -join ' ' } else { $Block.Text }
}

function Get-Paragraphs([string] $Markdown) {
    @(Split-MarkdownBlock $Markdown | ForEach-Object { ConvertTo-ParagraphText $_ })
}

#endregion

#region yaml subset (the parameter blocks and the front matter)

function ConvertFrom-YamlScalar([string] $Value) {
    $v = $Value.Trim()
    if ($v -match "^'(.*)'$") { return $Matches[1] -replace "''", "'" }
    if ($v -match '^"(.*)"$') { return $Matches[1] }
    if ($v -ceq 'true') { return $true }
    if ($v -ceq 'false') { return $false }
    if ($v -eq '[]') { return , @() }
    if ($v -match '^\[(.*)\]$') { return , @($Matches[1] -split ',' | ForEach-Object { ConvertFrom-YamlScalar $_ }) }
    $v
}

function ConvertFrom-ParameterYaml([string] $Yaml) {
    # The shape PlatyPS writes: top-level scalars, lists of scalars and ParameterSets (a list of maps).
    $result = [ordered]@{}
    $key = $null; $item = $null
    foreach ($line in ($Yaml -split "`r?`n")) {
        if (-not $line.Trim()) { continue }
        if ($line -match '^(\w+):\s*(.*)$') {
            $key = $Matches[1]
            $result[$key] = if ($Matches[2]) { ConvertFrom-YamlScalar $Matches[2] } else { , @() }
            $item = $null
        }
        elseif ($line -match '^- (\w+):\s*(.*)$') {
            $item = [ordered]@{ $Matches[1] = ConvertFrom-YamlScalar $Matches[2] }
            $result[$key] = @($result[$key]) + $item
        }
        elseif ($line -match '^\s+(\w+):\s*(.*)$' -and $item) { $item[$Matches[1]] = ConvertFrom-YamlScalar $Matches[2] }
        elseif ($line -match '^- (.*)$') { $result[$key] = @($result[$key]) + (ConvertFrom-YamlScalar $Matches[1]) }
        else { throw "Unsupported yaml line: '$line'" }
    }
    $result
}

function ConvertTo-YamlScalar([object] $Value) {
    if ($Value -is [bool]) { return $Value.ToString().ToLowerInvariant() }
    $text = [string]$Value
    if ($text -eq '' -or $text -match '^[\s''"\[\]{}&*!|>%@`#,-]|: |\s$' -or $text -cin 'true', 'false', 'null') { return "'" + ($text -replace "'", "''") + "'" }
    $text
}

function ConvertTo-ParameterYaml([System.Collections.IDictionary] $Meta, [string[]] $Keys = $script:MetaKeys) {
    $lines = foreach ($key in $Keys) {
        $value = $Meta[$key]
        if ($key -eq 'ParameterSets') {
            'ParameterSets:'
            foreach ($set in @($value)) {
                $first = $true
                foreach ($setKey in $script:SetKeys) {
                    "$(if ($first) { '- ' } else { '  ' })${setKey}: $(ConvertTo-YamlScalar $set[$setKey])"
                    $first = $false
                }
            }
        }
        elseif ($key -in 'Aliases', 'AcceptedValues') {
            if (@($value).Count) { "${key}:"; foreach ($v in $value) { "- $(ConvertTo-YamlScalar $v)" } } else { "${key}: []" }
        }
        else { "${key}: $(ConvertTo-YamlScalar $value)" }
    }
    $lines -join "`n"
}

#endregion

#region markdown model

function ConvertFrom-HelpMarkdown {
    <#
    .SYNOPSIS
        Reads a help markdown file (cmdlet or about) into an object: front matter, title and sections.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline, ValueFromPipelineByPropertyName)] [Alias('FullName')] [string] $Path)
    process {
        $text = [System.IO.File]::ReadAllText((Resolve-Path -LiteralPath $Path).ProviderPath)
        ConvertFrom-HelpMarkdownText -Markdown $text -Source $Path
    }
}

function ConvertFrom-HelpMarkdownText {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Markdown, [string] $Source = '<text>')
    $lines = @($Markdown.TrimStart([char]0xFEFF) -split "`r?`n")
    $frontMatter = [ordered]@{}
    $index = 0
    if ($lines.Count -and $lines[0] -eq '---') {
        $index = 1
        while ($index -lt $lines.Count -and $lines[$index] -ne '---') {
            if ($lines[$index] -match '^([^:]+):\s*(.*)$') { $frontMatter[$Matches[1].Trim()] = ConvertFrom-YamlScalar $Matches[2] }
            $index++
        }
        if ($index -ge $lines.Count) { throw "${Source}: the front matter has no closing '---'." }
        $index++
    }

    # Headings outside code fences split the body: '# ' title, '## ' sections, '### ' subsections.
    $title = $null
    $sections = [System.Collections.Generic.List[object]]::new()
    $section = $null; $sub = $null; $inFence = $false
    $preamble = [System.Collections.Generic.List[string]]::new()
    for (; $index -lt $lines.Count; $index++) {
        $line = $lines[$index]
        if ($line -match '^\s*(```|~~~)') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3}) (.+?)\s*$') {
            $level = $Matches[1].Length; $heading = $Matches[2]
            if ($level -eq 1) { $title = $heading; continue }
            if ($level -eq 2) {
                $section = [pscustomobject]@{ Title = $heading; Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [System.Collections.Generic.List[object]]::new() }
                $sections.Add($section); $sub = $null; continue
            }
            if ($section) {
                $sub = [pscustomobject]@{ Title = $heading; Lines = [System.Collections.Generic.List[string]]::new() }
                $section.Subsections.Add($sub); continue
            }
        }
        if ($sub) { $sub.Lines.Add($line) } elseif ($section) { $section.Lines.Add($line) } else { $preamble.Add($line) }
    }
    if ($inFence) { throw "${Source}: unclosed code fence." }

    $type = [string]$frontMatter['document type']
    $help = [ordered]@{ Source = $Source; DocumentType = $type; FrontMatter = $frontMatter; Title = $title; Sections = $sections }
    if ($type -eq 'cmdlet') { Add-CommandModel $help }
    [pscustomobject]$help
}

function Get-Section($Help, [string] $Name) { $Help.Sections | Where-Object { $_.Title -eq $Name } | Select-Object -First 1 }

function Add-CommandModel([System.Collections.IDictionary] $Help) {
    # The cmdlet schema's sections as properties: Synopsis, Syntax, Description, Examples, Parameters, ...
    $text = { param($Name) $s = Get-Section $Help $Name; if ($s) { Join-Lines $s.Lines } else { '' } }
    $subs = { param($Name) $s = Get-Section $Help $Name; if ($s) { @($s.Subsections) } else { @() } }
    $Help.Synopsis = & $text 'SYNOPSIS'
    $Help.Syntax = @(& $subs 'SYNTAX' | ForEach-Object {
            $code = @(Split-MarkdownBlock (Join-Lines $_.Lines) | Where-Object Kind -eq 'Code') | Select-Object -First 1
            [pscustomobject]@{ Name = $_.Title -replace '\s*\(Default\)$'; IsDefault = $_.Title -match '\(Default\)$'; Text = if ($code) { $code.Text } else { '' } }
        })
    $Help.Aliases = & $text 'ALIASES'
    $Help.Description = & $text 'DESCRIPTION'
    $Help.Examples = @(& $subs 'EXAMPLES' | ForEach-Object { [pscustomobject]@{ Title = $_.Title; Body = Join-Lines $_.Lines } })
    $Help.Parameters = [System.Collections.Generic.List[object]]::new()
    $Help.CommonParameters = $null
    foreach ($sub in & $subs 'PARAMETERS') {
        if ($sub.Title -eq 'CommonParameters') { $Help.CommonParameters = Join-Lines $sub.Lines; continue }
        # The description is everything but the last ```yaml block.
        $body = Join-Lines $sub.Lines
        $match = [regex]::Match($body, '(?ms)^```yaml\s*\n(.*?)\n```\s*\z')
        $meta = if ($match.Success) { ConvertFrom-ParameterYaml $match.Groups[1].Value } else { $null }
        $description = if ($match.Success) { Join-Lines ($body.Substring(0, $match.Index) -split "`n") } else { $body }
        $Help.Parameters.Add([pscustomobject]@{ Name = $sub.Title -replace '^-'; Description = $description; Meta = $meta })
    }
    $typed = { param($Name) @(& $subs $Name | ForEach-Object { [pscustomobject]@{ Type = $_.Title; Description = Join-Lines $_.Lines } }) }
    $Help.Inputs = & $typed 'INPUTS'
    $Help.Outputs = & $typed 'OUTPUTS'
    $Help.Notes = & $text 'NOTES'
    $Help.RelatedLinks = @(([regex]::Matches((& $text 'RELATED LINKS'), '\[([^\]]+)\]\(([^)]*)\)')) | ForEach-Object {
            [pscustomobject]@{ Text = $_.Groups[1].Value; Uri = $_.Groups[2].Value }
        })
}

function ConvertTo-HelpMarkdown {
    <#
    .SYNOPSIS
        Writes a cmdlet help object (from ConvertFrom-HelpMarkdown or Update-HelpMarkdown) back as markdown.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Help)
    process {
        $out = [System.Collections.Generic.List[string]]::new()
        $out.Add('---')
        foreach ($key in $Help.FrontMatter.Keys) { $out.Add("${key}: $(ConvertTo-YamlScalar $Help.FrontMatter[$key])") }
        $out.Add('---'); $out.Add('')
        $out.Add("# $($Help.Title)"); $out.Add('')
        $section = { param($Title, $Body) $out.Add("## $Title"); $out.Add(''); if ($Body) { $out.Add($Body); $out.Add('') } }
        & $section 'SYNOPSIS' $Help.Synopsis
        & $section 'SYNTAX' $null
        foreach ($set in $Help.Syntax) {
            $out.Add("### $($set.Name)$(if ($set.IsDefault) { ' (Default)' })"); $out.Add('')
            $out.Add('```'); $out.Add($set.Text); $out.Add('```'); $out.Add('')
        }
        & $section 'ALIASES' $Help.Aliases
        & $section 'DESCRIPTION' $Help.Description
        & $section 'EXAMPLES' $null
        foreach ($example in $Help.Examples) { $out.Add("### $($example.Title)"); $out.Add(''); $out.Add($example.Body); $out.Add('') }
        & $section 'PARAMETERS' $null
        foreach ($parameter in $Help.Parameters) {
            $out.Add("### -$($parameter.Name)"); $out.Add('')
            if ($parameter.Description) { $out.Add($parameter.Description); $out.Add('') }
            $out.Add('```yaml'); $out.Add((ConvertTo-ParameterYaml $parameter.Meta)); $out.Add('```'); $out.Add('')
        }
        if ($null -ne $Help.CommonParameters) { $out.Add('### CommonParameters'); $out.Add(''); $out.Add($Help.CommonParameters); $out.Add('') }
        foreach ($name in 'INPUTS', 'OUTPUTS') {
            & $section $name $null
            foreach ($item in $(if ($name -eq 'INPUTS') { $Help.Inputs } else { $Help.Outputs })) {
                $out.Add("### $($item.Type)"); $out.Add('')
                if ($item.Description) { $out.Add($item.Description); $out.Add('') }
            }
        }
        & $section 'NOTES' $Help.Notes
        & $section 'RELATED LINKS' (($Help.RelatedLinks | ForEach-Object { "- [$($_.Text)]($($_.Uri))" }) -join "`n")
        (Join-Lines $out) + "`n"
    }
}

#endregion

#region live cmdlet metadata

function Get-CommandHelpMetadata {
    <#
    .SYNOPSIS
        What a cmdlet's help must say about it, read from the cmdlet itself: syntax per parameter set, and per
        parameter the yaml block of the schema (type, default, aliases, sets, pipeline input, accepted values).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] [System.Management.Automation.CommandInfo] $Command)
    process {
        $skip = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'
        # Default values: read from a fresh instance of a compiled cmdlet; a function's are not knowable.
        $defaults = $null
        if ($Command -is [System.Management.Automation.CmdletInfo]) {
            try { $defaults = [Activator]::CreateInstance($Command.ImplementingType) } catch { Write-Verbose "No defaults for $($Command.Name): $_" }
        }
        $setOrder = @($Command.ParameterSets.Name)
        $parameters = foreach ($p in $Command.Parameters.Values | Sort-Object Name) {
            if ($p.Name -in $skip) { continue }
            $attributes = @($p.Attributes)
            $default = 'None'
            if ($p.SwitchParameter) { $default = 'False' }
            elseif ($defaults -and $defaults.GetType().GetProperty($p.Name)) {
                $value = $defaults.GetType().GetProperty($p.Name).GetValue($defaults)
                if ($null -ne $value -and -not ($value -is [System.Collections.ICollection] -and $value.Count -eq 0)) {
                    $default = [System.Convert]::ToString($value, [cultureinfo]::InvariantCulture)
                }
            }
            $sets = foreach ($entry in $p.ParameterSets.GetEnumerator() | Sort-Object { $i = $setOrder.IndexOf($_.Key); if ($i -lt 0) { -1 } else { $i } }) {
                $m = $entry.Value
                [ordered]@{
                    Name                            = if ($entry.Key -eq '__AllParameterSets') { '(All)' } else { $entry.Key }
                    Position                        = if ($m.Position -eq [int]::MinValue) { 'Named' } else { [string]$m.Position }
                    IsRequired                      = $m.IsMandatory
                    ValueFromPipeline               = $m.ValueFromPipeline
                    ValueFromPipelineByPropertyName = $m.ValueFromPipelineByPropertyName
                    ValueFromRemainingArguments     = $m.ValueFromRemainingArguments
                }
            }
            $parameterAttributes = @($attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
            $helpMessage = @($parameterAttributes | Where-Object HelpMessage | ForEach-Object { $_.HelpMessage }) | Select-Object -First 1
            [pscustomobject]@{
                Name = $p.Name
                Meta = [ordered]@{
                    # As PlatyPS writes it: Type.ToString() (System.Nullable`1[System.DateTime]); FullName would add assembly names.
                    Type              = $p.ParameterType.ToString()
                    DefaultValue      = $default
                    SupportsWildcards = [bool]@($attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count
                    Aliases           = @($p.Aliases)
                    ParameterSets     = @($sets)
                    DontShow          = [bool]@($parameterAttributes | Where-Object DontShow).Count
                    AcceptedValues    = @($attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
                    HelpMessage       = [string]$helpMessage
                }
            }
        }
        if ($defaults -is [System.IDisposable]) { $defaults.Dispose() }
        [pscustomobject]@{
            Name       = $Command.Name
            Syntax     = @($Command.ParameterSets | ForEach-Object {
                    [pscustomobject]@{ Name = $_.Name; IsDefault = $_.IsDefault; Text = Format-SyntaxText $Command.Name $_.ToString() }
                })
            Parameters = @($parameters)
            Outputs    = @($Command.OutputType | ForEach-Object { if ($_.Type) { $_.Type.ToString() } else { $_.Name } })
        }
    }
}

function Format-SyntaxText([string] $Name, [string] $Parameters) {
    # One syntax line wrapped at 100 columns before a parameter, continuation lines indented by one space.
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $Name
    foreach ($token in $Parameters -split ' (?=[\[-])') {
        if ($line.Length + 1 + $token.Length -gt 100 -and $line.Trim()) { $lines.Add($line); $line = '' }
        $line += " $token"
    }
    $lines.Add($line)
    $lines -join "`n"
}

function Compare-HelpMarkdown {
    <#
    .SYNOPSIS
        Lists the differences between a cmdlet and its help markdown; nothing when they agree.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command,
        [Parameter(Mandatory)] $Help
    )
    $live = Get-CommandHelpMetadata $Command
    $name = $Command.Name
    if ($Help.Title -ne $name) { "${name}: the title is '$($Help.Title)'." }
    $documented = @{}
    foreach ($p in $Help.Parameters) { $documented[$p.Name] = $p }
    foreach ($p in $live.Parameters) {
        $doc = $documented[$p.Name]
        if (-not $doc) { "${name}: -$($p.Name) is not documented."; continue }
        if ($doc.Name -cne $p.Name) { "${name}: -$($p.Name) is spelled -$($doc.Name) in the docs." }
        if (-not $doc.Meta) { "${name}: -$($p.Name) has no yaml block."; continue }
        foreach ($key in $script:MetaKeys) {
            $want = ConvertTo-ParameterYaml $p.Meta $key
            $have = if ($doc.Meta.Contains($key)) { ConvertTo-ParameterYaml $doc.Meta $key } else { '(missing)' }
            if ($want -cne $have) { "${name}: -$($p.Name) the docs say '$($have -replace '\n\s*', ' ')', the cmdlet has '$($want -replace '\n\s*', ' ')'." }
        }
    }
    foreach ($p in $Help.Parameters) {
        if ($p.Name -notin @($live.Parameters | ForEach-Object { $_.Name })) { "${name}: -$($p.Name) is documented but the cmdlet has no such parameter." }
    }
    $sets = @($Help.Syntax | ForEach-Object { "$($_.Name)$(if ($_.IsDefault) { ' (Default)' })`n$($_.Text)" }) -join "`n`n"
    $liveSets = @($live.Syntax | ForEach-Object { "$($_.Name)$(if ($_.IsDefault) { ' (Default)' })`n$($_.Text)" }) -join "`n`n"
    if ($sets -cne $liveSets) { "${name}: SYNTAX differs; the cmdlet's is:`n$liveSets" }
    foreach ($type in $live.Outputs) {
        if ($type -notin @($Help.Outputs | ForEach-Object { $_.Type })) { "${name}: OUTPUTS lacks $type (an [OutputType] of the cmdlet)." }
    }
}

function Update-HelpMarkdown {
    <#
    .SYNOPSIS
        Brings docs/<cmdlet>.md in line with the cmdlets of a loaded module: creates missing files and rewrites
        the generated parts of the others, keeping what people wrote. Returns the files it wrote.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] [string] $Module,
        [Parameter(Mandatory)] [string] $DocsPath,
        [string] $Locale = 'en-US',
        # The online page of a new command; {0} is its name.
        [string] $HelpUriFormat = ''
    )
    $moduleInfo = @(Get-Module $Module)
    if ($moduleInfo.Count -gt 1) { throw "Several modules named '$Module' are loaded; run in a fresh session." }
    $moduleInfo = $moduleInfo | Select-Object -First 1
    if (-not $moduleInfo) { throw "Import the module '$Module' first." }
    $commands = @($moduleInfo.ExportedCmdlets.Values) + @($moduleInfo.ExportedFunctions.Values) | Sort-Object Name
    foreach ($command in $commands) {
        $path = Join-Path $DocsPath "$($command.Name).md"
        $existing = Test-Path $path
        $help = if ($existing) { ConvertFrom-HelpMarkdown $path } else { New-CommandHelpModel $command $Module $Locale ($HelpUriFormat -f $command.Name) }
        $before = if ($existing) { [System.IO.File]::ReadAllText($path) } else { '' }
        $live = Get-CommandHelpMetadata $command
        $help.Title = $command.Name
        $help.FrontMatter['title'] = $command.Name
        $help.Syntax = $live.Syntax
        $kept = @{}
        foreach ($p in $help.Parameters) { $kept[$p.Name] = $p }
        $help.Parameters = @(foreach ($p in $live.Parameters) {
                $description = if ($kept[$p.Name]) { $kept[$p.Name].Description } else { Get-DefaultParameterDescription $p.Name }
                [pscustomobject]@{ Name = $p.Name; Description = $description; Meta = $p.Meta }
            })
        if ($null -eq $help.CommonParameters) { $help.CommonParameters = $script:CommonParametersText }
        foreach ($type in $live.Outputs) {
            if ($type -notin @($help.Outputs | ForEach-Object { $_.Type })) { $help.Outputs = @($help.Outputs) + [pscustomobject]@{ Type = $type; Description = "$($script:Placeholder)$type Description }}" } }
        }
        $text = ConvertTo-HelpMarkdown $help
        if ($text -cne ($before -replace "`r")) {
            if ($existing) { $help.FrontMatter['ms.date'] = (Get-Date).ToString('MM/dd/yyyy', [cultureinfo]::InvariantCulture); $text = ConvertTo-HelpMarkdown $help }
            if ($PSCmdlet.ShouldProcess($path, 'Write help markdown')) {
                [System.IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($false))
                Get-Item $path
            }
        }
    }
    $names = @($commands | ForEach-Object { $_.Name })
    Get-ChildItem $DocsPath -Filter *-*.md | Where-Object { $_.BaseName -notin $names } | ForEach-Object {
        if ((ConvertFrom-HelpMarkdown $_.FullName).DocumentType -eq 'cmdlet') { Write-Warning "$($_.Name) documents a cmdlet the module does not export." }
    }
}

function Get-DefaultParameterDescription([string] $Name) {
    switch ($Name) {
        'WhatIf' { 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' }
        'Confirm' { 'Prompts you for confirmation before running the cmdlet.' }
        default { "$($script:Placeholder)$Name Description }}" }
    }
}

function New-CommandHelpModel([System.Management.Automation.CommandInfo] $Command, [string] $Module, [string] $Locale, [string] $HelpUri) {
    $file = if ($Command -is [System.Management.Automation.CmdletInfo]) { "$([System.IO.Path]::GetFileName($Command.ImplementingType.Assembly.Location))-Help.xml" } else { "$Module-help.xml" }
    [pscustomobject]@{
        Source = $null; DocumentType = 'cmdlet'; Title = $Command.Name; Sections = @()
        FrontMatter = [ordered]@{
            'document type' = 'cmdlet'; 'external help file' = $file; HelpUri = $HelpUri; Locale = $Locale; 'Module Name' = $Module
            'ms.date' = (Get-Date).ToString('MM/dd/yyyy', [cultureinfo]::InvariantCulture); 'PlatyPS schema version' = $script:SchemaVersion; title = $Command.Name
        }
        Synopsis = "$($script:Placeholder)Synopsis }}"; Syntax = @(); Aliases = 'This cmdlet has no aliases.'
        Description = "$($script:Placeholder)Description }}"
        Examples = @([pscustomobject]@{ Title = 'Example 1'; Body = "$($script:Placeholder)Example Description }}`n`n``````powershell`n$($Command.Name)`n``````" })
        Parameters = @(); CommonParameters = $script:CommonParametersText
        Inputs = @(); Outputs = @(); Notes = ''; RelatedLinks = @()
    }
}

#endregion

#region MAML and about text

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
        Turns cmdlet help objects into one MAML document (the <assembly>-Help.xml that Get-Help reads).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [object[]] $Help)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $buffer = [System.IO.MemoryStream]::new()
    $w = [System.Xml.XmlWriter]::Create($buffer, $settings)
    $ns = $script:MamlNamespaces
    $paras = {
        param([string] $Markdown)
        foreach ($p in Get-Paragraphs $Markdown) { $w.WriteElementString('maml', 'para', $ns.maml, $p) }
    }
    $description = {
        param([string] $Markdown)
        $w.WriteStartElement('maml', 'description', $ns.maml); & $paras $Markdown; $w.WriteEndElement()
    }
    $type = {
        param([string] $Name)
        $w.WriteStartElement('dev', 'type', $ns.dev); $w.WriteElementString('maml', 'name', $ns.maml, (ConvertTo-HelpTypeName $Name).Full); $w.WriteElementString('maml', 'uri', $ns.maml, ''); $w.WriteEndElement()
    }
    $writeParameter = {
        param($Parameter, $Set)
        $meta = $Parameter.Meta
        $typeName = ConvertTo-HelpTypeName $meta.Type
        $isSwitch = $typeName.Full -eq 'System.Management.Automation.SwitchParameter'
        $w.WriteStartElement('command', 'parameter', $ns.command)
        $w.WriteAttributeString('required', $Set.IsRequired.ToString().ToLowerInvariant())
        $w.WriteAttributeString('variableLength', $typeName.IsArray.ToString().ToLowerInvariant())
        $w.WriteAttributeString('globbing', ([bool]$meta.SupportsWildcards).ToString().ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', (Get-PipelineInputText @($meta.ParameterSets)))
        $w.WriteAttributeString('position', $(if ($Set.Position -eq 'Named') { 'named' } else { $Set.Position }))
        $w.WriteAttributeString('aliases', $(if (@($meta.Aliases).Count) { @($meta.Aliases) -join ', ' } else { 'none' }))
        $w.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
        & $description $Parameter.Description
        if (@($meta.AcceptedValues).Count) {
            $w.WriteStartElement('command', 'parameterValueGroup', $ns.command)
            foreach ($v in $meta.AcceptedValues) {
                $w.WriteStartElement('command', 'parameterValue', $ns.command); $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('command', 'variableLength', $ns.command, 'false'); $w.WriteString($v); $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }
        if (-not $isSwitch) {
            $w.WriteStartElement('command', 'parameterValue', $ns.command); $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', 'false')
            $w.WriteString($typeName.Short); $w.WriteEndElement()
        }
        & $type $meta.Type
        $w.WriteElementString('dev', 'defaultValue', $ns.dev, $meta.DefaultValue)
        $w.WriteEndElement()
    }

    $w.WriteStartDocument()
    $w.WriteStartElement('helpItems', 'http://msh'); $w.WriteAttributeString('schema', 'maml')
    foreach ($command in $Help) {
        $w.WriteStartElement('command', 'command', $ns.command)
        foreach ($prefix in $ns.Keys) { $w.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }
        $verb, $noun = $command.Title -split '-', 2
        $w.WriteStartElement('command', 'details', $ns.command)
        $w.WriteElementString('command', 'name', $ns.command, $command.Title)
        $w.WriteElementString('command', 'verb', $ns.command, $verb)
        $w.WriteElementString('command', 'noun', $ns.command, $noun)
        & $description $command.Synopsis
        $w.WriteEndElement()
        & $description $command.Description

        # Syntax: one item per parameter set, from the parameters' yaml (positional first, then mandatory).
        $setNames = [System.Collections.Generic.List[string]]::new()
        foreach ($s in $command.Syntax) { if ($s.Name -ne '__AllParameterSets') { $setNames.Add($s.Name) } }
        foreach ($p in $command.Parameters) { foreach ($s in $p.Meta.ParameterSets) { if ($s.Name -ne '(All)' -and -not $setNames.Contains($s.Name)) { $setNames.Add($s.Name) } } }
        if (-not $setNames.Count) { $setNames.Add('(All)') }
        $w.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($setName in $setNames) {
            $w.WriteStartElement('command', 'syntaxItem', $ns.command)
            $w.WriteElementString('maml', 'name', $ns.maml, $command.Title)
            $members = foreach ($p in $command.Parameters) {
                $set = @($p.Meta.ParameterSets | Where-Object { $_.Name -eq $setName }) + @($p.Meta.ParameterSets | Where-Object { $_.Name -eq '(All)' }) | Select-Object -First 1
                if ($set) { [pscustomobject]@{ Parameter = $p; Set = $set } }
            }
            # In the order of the set's SYNTAX block (the cmdlet's own order), then the rest in docs order.
            $syntaxText = @($command.Syntax | Where-Object { $_.Name -eq $setName -or ($setName -eq '(All)' -and $_.Name -eq '__AllParameterSets') } | ForEach-Object { $_.Text }) -join ' '
            $names = @([regex]::Matches($syntaxText, '(?<=[\[\s])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
            $ordered = @($members | Sort-Object { $i = [array]::IndexOf($names, $_.Parameter.Name); if ($i -lt 0) { 1000 + $command.Parameters.IndexOf($_.Parameter) } else { $i } })
            foreach ($m in $ordered) { & $writeParameter $m.Parameter $m.Set }
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($p in $command.Parameters) {
            $sets = @($p.Meta.ParameterSets)
            $positions = @($sets.Position | Select-Object -Unique)
            # Required? answers "can the command run without it": only when every syntax of the command needs it. A
            # parameter that is mandatory in its own set only (-ApiKey of a command that also signs in from the
            # environment) is not; its syntax line still shows it without brackets.
            $requiredInEvery = @($setNames | Where-Object {
                    $setName = $_
                    @($sets | Where-Object { ($_.Name -eq $setName -or $_.Name -eq '(All)') -and $_.IsRequired }).Count
                }).Count -eq $setNames.Count
            $summary = [ordered]@{
                IsRequired = $requiredInEvery
                Position   = if ($positions.Count -eq 1) { $positions[0] } else { 'Named' }
            }
            & $writeParameter $p ([pscustomobject]$summary)
        }
        $w.WriteEndElement()

        foreach ($kind in @(@('inputTypes', 'inputType', $command.Inputs), @('returnValues', 'returnValue', $command.Outputs))) {
            $w.WriteStartElement('command', $kind[0], $ns.command)
            foreach ($item in $kind[2]) {
                $w.WriteStartElement('command', $kind[1], $ns.command); & $type $item.Type; & $description $item.Description; $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }
        $w.WriteStartElement('maml', 'alertSet', $ns.maml)
        $w.WriteStartElement('maml', 'alert', $ns.maml); & $paras $command.Notes; $w.WriteEndElement()
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'examples', $ns.command)
        foreach ($example in $command.Examples) {
            # The code of an example is its code blocks; everything else is remarks.
            $blocks = @(Split-MarkdownBlock $example.Body)
            $w.WriteStartElement('command', 'example', $ns.command)
            $w.WriteElementString('maml', 'title', $ns.maml, "--------- $($example.Title) ---------")
            $w.WriteElementString('dev', 'code', $ns.dev, (@($blocks | Where-Object Kind -eq 'Code' | ForEach-Object { $_.Text }) -join "`n`n"))
            $w.WriteStartElement('dev', 'remarks', $ns.dev)
            foreach ($b in $blocks | Where-Object Kind -ne 'Code') { $w.WriteElementString('maml', 'para', $ns.maml, (ConvertTo-ParagraphText $b)) }
            $w.WriteElementString('maml', 'para', $ns.maml, '') # a blank line before the next example
            $w.WriteEndElement()
            $w.WriteEndElement()
        }
        $w.WriteEndElement()

        $w.WriteStartElement('command', 'relatedLinks', $ns.command)
        $links = @($command.RelatedLinks)
        if ($command.FrontMatter['HelpUri']) { $links = @([pscustomobject]@{ Text = 'Online Version:'; Uri = $command.FrontMatter['HelpUri'] }) + $links }
        foreach ($link in $links) {
            $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $w.WriteElementString('maml', 'linkText', $ns.maml, $link.Text)
            $w.WriteElementString('maml', 'uri', $ns.maml, $(if ($link.Uri -match '^https?://') { $link.Uri } else { '' }))
            $w.WriteEndElement()
        }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndDocument()
    $w.Flush()
    [System.Text.Encoding]::UTF8.GetString($buffer.ToArray())
}

function Get-TypeNameToken([hashtable] $State, [int] $Offset = 0) {
    $i = $State.At + $Offset
    if ($i -lt $State.Tokens.Count) { $State.Tokens[$i] } else { '' }
}

function Read-TypeNameNode([hashtable] $State) {
    # One type of a type name: Name[`arity][arguments][array ranks]; $null when the text is not a type name.
    if ((Get-TypeNameToken $State) -notmatch '^\s*([A-Za-z_][\w.+]*)(?:`\d+)?\s*$') { return $null }
    $State.At++
    $node = [pscustomobject]@{ Name = $Matches[1]; Arguments = [System.Collections.Generic.List[object]]::new(); Ranks = '' }
    while ((Get-TypeNameToken $State) -eq '[') {
        $next = Get-TypeNameToken $State 1
        if ($next -eq ']' -or $next -eq ',' -or $next.Trim() -eq '*') {
            # An array rank: [], [,], [*].
            $State.At++
            $rank = '['
            while ((Get-TypeNameToken $State) -eq ',' -or (Get-TypeNameToken $State).Trim() -eq '*') { $rank += (Get-TypeNameToken $State).Trim(); $State.At++ }
            if ((Get-TypeNameToken $State) -ne ']') { return $null }
            $State.At++
            $node.Ranks += "$rank]"
            continue
        }
        if ($node.Arguments.Count -or $node.Ranks) { return $null }
        # Generic arguments: [A,B] as Type.ToString() and PowerShell write them, [[A, Assembly, ...],[B, ...]] as FullName does.
        $State.At++
        do {
            if ((Get-TypeNameToken $State) -eq '[') {
                $State.At++
                $argument = Read-TypeNameNode $State
                if (-not $argument) { return $null }
                while ((Get-TypeNameToken $State) -eq ',') { $State.At += 2 } # the assembly's name, version, culture, key
                if ((Get-TypeNameToken $State) -ne ']') { return $null }
                $State.At++
            }
            else {
                $argument = Read-TypeNameNode $State
                if (-not $argument) { return $null }
            }
            $node.Arguments.Add($argument)
            $separator = Get-TypeNameToken $State
            $State.At++
        } while ($separator -eq ',')
        if ($separator -ne ']') { return $null }
    }
    $node
}

function Format-TypeNameNode([object] $Node, [switch] $Short) {
    if ($Short -and $Node.Name -eq 'System.Nullable' -and $Node.Arguments.Count -eq 1) {
        # As PowerShell's own help and syntax show a Nullable parameter: by its underlying type.
        return (Format-TypeNameNode $Node.Arguments[0] -Short) + $Node.Ranks
    }
    $name = if ($Short) { ($Node.Name -split '\.')[-1] } else { $Node.Name }
    if ($Node.Arguments.Count) { $name += '[' + (@($Node.Arguments | ForEach-Object { Format-TypeNameNode $_ -Short:$Short }) -join ',') + ']' }
    $name + $Node.Ranks
}

function ConvertTo-HelpTypeName([string] $TypeName) {
    <#
        What Get-Help shows for a type named in the markdown (Type.ToString(), FullName or a PowerShell type literal):
        Short is the value placeholder of a parameter (-CreatedAfter <DateTime>, -Id <String[]>), Full the type
        (System.Nullable[System.DateTime]): no namespaces in Short, no backtick arity, no assembly names in either.
        Text that is not a type name (for example 'None' or a sentence in INPUTS) is kept as it is.
    #>
    $tokens = [System.Collections.Generic.List[string]]::new()
    foreach ($m in [regex]::Matches($TypeName, '\[|\]|,|[^\[\],]+')) { $tokens.Add($m.Value) }
    $state = @{ Tokens = $tokens; At = 0 }
    $node = Read-TypeNameNode $state
    if (-not $node -or $state.At -lt $tokens.Count) {
        return [pscustomobject]@{ Short = $TypeName; Full = $TypeName; IsArray = $false }
    }
    [pscustomobject]@{ Short = Format-TypeNameNode $node -Short; Full = Format-TypeNameNode $node; IsArray = [bool]$node.Ranks }
}

function Get-PipelineInputText([object[]] $Sets) {
    $kinds = @()
    if (@($Sets | Where-Object ValueFromPipeline).Count) { $kinds += 'ByValue' }
    if (@($Sets | Where-Object ValueFromPipelineByPropertyName).Count) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function ConvertTo-AboutHelpText {
    <#
    .SYNOPSIS
        Turns an about_ topic in markdown into the plain text of about_*.help.txt: '##' headings in capitals,
        text indented by 4 and wrapped at 80 columns, code indented by 8.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Help)
    $out = [System.Collections.Generic.List[string]]::new()
    $out.Add('TOPIC'); $out.Add("    $($Help.Title)")
    $inline = { param($t) (($t -replace '\[([^\]]+)\]\((https?://[^)]+)\)', '$1 ($2)') -replace '\[([^\]]+)\]\([^)]*\)', '$1') -replace '\*\*([^*]+)\*\*', '$1' }
    $emit = {
        param([string] $Markdown)
        foreach ($block in Split-MarkdownBlock $Markdown) {
            $out.Add('')
            switch ($block.Kind) {
                'Code' { foreach ($l in $block.Text -split "`n") { $out.Add(("        $l").TrimEnd()) } }
                'List' {
                    foreach ($item in $block.Text -split "`n(?=\s*(?:[-*+]|\d+\.|\|)\s)") {
                        if ($item -match '^\s*\|') { $out.Add("    $(& $inline $item)"); continue }
                        $first = $true
                        foreach ($l in Format-Wrapped (& $inline (($item -split "`n" | ForEach-Object { $_.Trim() }) -join ' ')) 70) {
                            $out.Add($(if ($first) { "    $l" } else { "      $l" })); $first = $false
                        }
                    }
                }
                default { foreach ($l in Format-Wrapped (& $inline (ConvertTo-ParagraphText $block)) 76) { $out.Add("    $l") } }
            }
        }
    }
    foreach ($section in $Help.Sections) {
        $out.Add(''); $out.Add($section.Title.ToUpperInvariant())
        & $emit (Join-Lines $section.Lines)
        foreach ($sub in $section.Subsections) {
            $out.Add(''); $out.Add("  $($sub.Title)")
            & $emit (Join-Lines $sub.Lines)
        }
    }
    (Join-Lines $out) + "`n"
}

function Format-Wrapped([string] $Text, [int] $Width) {
    $line = ''
    foreach ($word in $Text -split ' ') {
        if ($line -and $line.Length + 1 + $word.Length -gt $Width) { $line; $line = $word }
        else { $line = if ($line) { "$line $word" } else { $word } }
    }
    if ($line) { $line }
}

function Export-HelpFile {
    <#
    .SYNOPSIS
        Builds the help of docs/ into a module's culture folder: one MAML file per 'external help file' and one
        about_*.help.txt per about topic. Returns the files written.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $DocsPath, [Parameter(Mandatory)] [string] $OutputPath)
    $docs = @(Get-ChildItem $DocsPath -Filter *.md | ConvertFrom-HelpMarkdown | Where-Object DocumentType -in 'cmdlet', 'about')
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    $utf8 = [System.Text.UTF8Encoding]::new($false)
    foreach ($group in $docs | Where-Object DocumentType -eq 'cmdlet' | Group-Object { $_.FrontMatter['external help file'] }) {
        if (-not $group.Name) { throw "$($group.Group[0].Source): the front matter has no 'external help file'." }
        $path = Join-Path $OutputPath $group.Name
        [System.IO.File]::WriteAllText($path, (ConvertTo-MamlHelp -Help ($group.Group | Sort-Object Title)), $utf8)
        Get-Item $path
    }
    foreach ($about in $docs | Where-Object DocumentType -eq 'about') {
        $path = Join-Path $OutputPath "$($about.Title).help.txt"
        [System.IO.File]::WriteAllText($path, (ConvertTo-AboutHelpText $about), $utf8)
        Get-Item $path
    }
}

#endregion

Export-ModuleMember -Function ConvertFrom-HelpMarkdown, ConvertFrom-HelpMarkdownText, ConvertTo-HelpMarkdown, Get-CommandHelpMetadata,
    Compare-HelpMarkdown, Update-HelpMarkdown, ConvertTo-MamlHelp, ConvertTo-AboutHelpText, Export-HelpFile
