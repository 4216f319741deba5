using System.Collections.Frozen;
using System.Text;

namespace MerchantApi.Customers;

/// <summary>
/// The officially assigned ISO 3166-1 codes (249): alpha-2 with the English short name, and alpha-3, so that a
/// country given as a name or an alpha-3 code can be answered with "did you mean 'FR'?".
/// </summary>
internal static class IsoCountries
{
    // alpha-2, alpha-3, English short name (ISO 3166 Maintenance Agency wording).
    private const string Data = """
        AD AND Andorra
        AE ARE United Arab Emirates
        AF AFG Afghanistan
        AG ATG Antigua and Barbuda
        AI AIA Anguilla
        AL ALB Albania
        AM ARM Armenia
        AO AGO Angola
        AQ ATA Antarctica
        AR ARG Argentina
        AS ASM American Samoa
        AT AUT Austria
        AU AUS Australia
        AW ABW Aruba
        AX ALA Åland Islands
        AZ AZE Azerbaijan
        BA BIH Bosnia and Herzegovina
        BB BRB Barbados
        BD BGD Bangladesh
        BE BEL Belgium
        BF BFA Burkina Faso
        BG BGR Bulgaria
        BH BHR Bahrain
        BI BDI Burundi
        BJ BEN Benin
        BL BLM Saint Barthélemy
        BM BMU Bermuda
        BN BRN Brunei Darussalam
        BO BOL Bolivia (Plurinational State of)
        BQ BES Bonaire, Sint Eustatius and Saba
        BR BRA Brazil
        BS BHS Bahamas
        BT BTN Bhutan
        BV BVT Bouvet Island
        BW BWA Botswana
        BY BLR Belarus
        BZ BLZ Belize
        CA CAN Canada
        CC CCK Cocos (Keeling) Islands
        CD COD Congo, Democratic Republic of the
        CF CAF Central African Republic
        CG COG Congo
        CH CHE Switzerland
        CI CIV Côte d'Ivoire
        CK COK Cook Islands
        CL CHL Chile
        CM CMR Cameroon
        CN CHN China
        CO COL Colombia
        CR CRI Costa Rica
        CU CUB Cuba
        CV CPV Cabo Verde
        CW CUW Curaçao
        CX CXR Christmas Island
        CY CYP Cyprus
        CZ CZE Czechia
        DE DEU Germany
        DJ DJI Djibouti
        DK DNK Denmark
        DM DMA Dominica
        DO DOM Dominican Republic
        DZ DZA Algeria
        EC ECU Ecuador
        EE EST Estonia
        EG EGY Egypt
        EH ESH Western Sahara
        ER ERI Eritrea
        ES ESP Spain
        ET ETH Ethiopia
        FI FIN Finland
        FJ FJI Fiji
        FK FLK Falkland Islands (Malvinas)
        FM FSM Micronesia (Federated States of)
        FO FRO Faroe Islands
        FR FRA France
        GA GAB Gabon
        GB GBR United Kingdom of Great Britain and Northern Ireland
        GD GRD Grenada
        GE GEO Georgia
        GF GUF French Guiana
        GG GGY Guernsey
        GH GHA Ghana
        GI GIB Gibraltar
        GL GRL Greenland
        GM GMB Gambia
        GN GIN Guinea
        GP GLP Guadeloupe
        GQ GNQ Equatorial Guinea
        GR GRC Greece
        GS SGS South Georgia and the South Sandwich Islands
        GT GTM Guatemala
        GU GUM Guam
        GW GNB Guinea-Bissau
        GY GUY Guyana
        HK HKG Hong Kong
        HM HMD Heard Island and McDonald Islands
        HN HND Honduras
        HR HRV Croatia
        HT HTI Haiti
        HU HUN Hungary
        ID IDN Indonesia
        IE IRL Ireland
        IL ISR Israel
        IM IMN Isle of Man
        IN IND India
        IO IOT British Indian Ocean Territory
        IQ IRQ Iraq
        IR IRN Iran (Islamic Republic of)
        IS ISL Iceland
        IT ITA Italy
        JE JEY Jersey
        JM JAM Jamaica
        JO JOR Jordan
        JP JPN Japan
        KE KEN Kenya
        KG KGZ Kyrgyzstan
        KH KHM Cambodia
        KI KIR Kiribati
        KM COM Comoros
        KN KNA Saint Kitts and Nevis
        KP PRK Korea (Democratic People's Republic of)
        KR KOR Korea, Republic of
        KW KWT Kuwait
        KY CYM Cayman Islands
        KZ KAZ Kazakhstan
        LA LAO Lao People's Democratic Republic
        LB LBN Lebanon
        LC LCA Saint Lucia
        LI LIE Liechtenstein
        LK LKA Sri Lanka
        LR LBR Liberia
        LS LSO Lesotho
        LT LTU Lithuania
        LU LUX Luxembourg
        LV LVA Latvia
        LY LBY Libya
        MA MAR Morocco
        MC MCO Monaco
        MD MDA Moldova, Republic of
        ME MNE Montenegro
        MF MAF Saint Martin (French part)
        MG MDG Madagascar
        MH MHL Marshall Islands
        MK MKD North Macedonia
        ML MLI Mali
        MM MMR Myanmar
        MN MNG Mongolia
        MO MAC Macao
        MP MNP Northern Mariana Islands
        MQ MTQ Martinique
        MR MRT Mauritania
        MS MSR Montserrat
        MT MLT Malta
        MU MUS Mauritius
        MV MDV Maldives
        MW MWI Malawi
        MX MEX Mexico
        MY MYS Malaysia
        MZ MOZ Mozambique
        NA NAM Namibia
        NC NCL New Caledonia
        NE NER Niger
        NF NFK Norfolk Island
        NG NGA Nigeria
        NI NIC Nicaragua
        NL NLD Netherlands, Kingdom of the
        NO NOR Norway
        NP NPL Nepal
        NR NRU Nauru
        NU NIU Niue
        NZ NZL New Zealand
        OM OMN Oman
        PA PAN Panama
        PE PER Peru
        PF PYF French Polynesia
        PG PNG Papua New Guinea
        PH PHL Philippines
        PK PAK Pakistan
        PL POL Poland
        PM SPM Saint Pierre and Miquelon
        PN PCN Pitcairn
        PR PRI Puerto Rico
        PS PSE Palestine, State of
        PT PRT Portugal
        PW PLW Palau
        PY PRY Paraguay
        QA QAT Qatar
        RE REU Réunion
        RO ROU Romania
        RS SRB Serbia
        RU RUS Russian Federation
        RW RWA Rwanda
        SA SAU Saudi Arabia
        SB SLB Solomon Islands
        SC SYC Seychelles
        SD SDN Sudan
        SE SWE Sweden
        SG SGP Singapore
        SH SHN Saint Helena, Ascension and Tristan da Cunha
        SI SVN Slovenia
        SJ SJM Svalbard and Jan Mayen
        SK SVK Slovakia
        SL SLE Sierra Leone
        SM SMR San Marino
        SN SEN Senegal
        SO SOM Somalia
        SR SUR Suriname
        SS SSD South Sudan
        ST STP Sao Tome and Principe
        SV SLV El Salvador
        SX SXM Sint Maarten (Dutch part)
        SY SYR Syrian Arab Republic
        SZ SWZ Eswatini
        TC TCA Turks and Caicos Islands
        TD TCD Chad
        TF ATF French Southern Territories
        TG TGO Togo
        TH THA Thailand
        TJ TJK Tajikistan
        TK TKL Tokelau
        TL TLS Timor-Leste
        TM TKM Turkmenistan
        TN TUN Tunisia
        TO TON Tonga
        TR TUR Türkiye
        TT TTO Trinidad and Tobago
        TV TUV Tuvalu
        TW TWN Taiwan, Province of China
        TZ TZA Tanzania, United Republic of
        UA UKR Ukraine
        UG UGA Uganda
        UM UMI United States Minor Outlying Islands
        US USA United States of America
        UY URY Uruguay
        UZ UZB Uzbekistan
        VA VAT Holy See
        VC VCT Saint Vincent and the Grenadines
        VE VEN Venezuela (Bolivarian Republic of)
        VG VGB Virgin Islands (British)
        VI VIR Virgin Islands (U.S.)
        VN VNM Viet Nam
        VU VUT Vanuatu
        WF WLF Wallis and Futuna
        WS WSM Samoa
        YE YEM Yemen
        YT MYT Mayotte
        ZA ZAF South Africa
        ZM ZMB Zambia
        ZW ZWE Zimbabwe
        """;

    /// <summary>Common names and retired or mistaken codes that are not the ISO short name, by the code they mean.</summary>
    private static readonly (string Name, string Code)[] OtherNames =
    {
        ("UK", "GB"), ("United Kingdom", "GB"), ("Great Britain", "GB"), ("Britain", "GB"), ("England", "GB"),
        ("Scotland", "GB"), ("Wales", "GB"), ("Northern Ireland", "GB"),
        ("EL", "GR"), ("United States", "US"), ("America", "US"), ("United States of America", "US"),
        ("Russia", "RU"), ("South Korea", "KR"), ("Republic of Korea", "KR"), ("North Korea", "KP"),
        ("Iran", "IR"), ("Syria", "SY"), ("Vietnam", "VN"), ("Laos", "LA"), ("Bolivia", "BO"), ("Venezuela", "VE"),
        ("Tanzania", "TZ"), ("Moldova", "MD"), ("Czech Republic", "CZ"), ("Turkey", "TR"), ("Holland", "NL"),
        ("Netherlands", "NL"), ("The Netherlands", "NL"), ("Macedonia", "MK"), ("Swaziland", "SZ"), ("Burma", "MM"),
        ("Ivory Coast", "CI"), ("Cape Verde", "CV"), ("Vatican", "VA"), ("Vatican City", "VA"), ("Taiwan", "TW"),
        ("Palestine", "PS"), ("Micronesia", "FM"), ("Brunei", "BN"), ("East Timor", "TL"),
        ("Democratic Republic of the Congo", "CD"), ("DR Congo", "CD"), ("Republic of the Congo", "CG"),
        ("Falkland Islands", "FK"), ("Saint Martin", "MF"), ("Sint Maarten", "SX"), ("British Virgin Islands", "VG"),
        ("US Virgin Islands", "VI"), ("Macau", "MO"), ("The Bahamas", "BS"), ("The Gambia", "GM"),
        ("UAE", "AE"), ("Slovak Republic", "SK"), ("Kyrgyz Republic", "KG"), ("Cocos Islands", "CC"),
        ("Saint Helena", "SH"), ("Bonaire", "BQ"),
    };

    private static readonly FrozenDictionary<string, string> Names;
    private static readonly FrozenDictionary<string, string> Alpha3;

    /// <summary>Alpha-2 codes by (first letter × 26 + second letter), for an allocation-free case-insensitive check.</summary>
    private static readonly string?[] Table = new string?[26 * 26];

    /// <summary>Upper-case alpha-2 code → English short name.</summary>
    public static IReadOnlyDictionary<string, string> ByCode { get; }

    static IsoCountries()
    {
        var byCode = new Dictionary<string, string>(StringComparer.Ordinal);
        var alpha3 = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Data.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var code = line[..2];
            var three = line.Substring(3, 3);
            var name = line[7..];
            byCode.Add(code, name);
            Table[(code[0] - 'A') * 26 + (code[1] - 'A')] = code;
            alpha3.Add(three, code);
            names.Add(NameKey(name), code);
        }
        foreach (var (name, code) in OtherNames)
            names[NameKey(name)] = code;
        ByCode = byCode.ToFrozenDictionary(StringComparer.Ordinal);
        Alpha3 = alpha3.ToFrozenDictionary(StringComparer.Ordinal);
        Names = names.ToFrozenDictionary(StringComparer.Ordinal);
    }


    /// <summary>
    /// The officially assigned alpha-2 code for two ASCII letters in any case (<c>fr</c> → <c>FR</c>), or null. Returns
    /// the table's own string, so a valid code costs no allocation.
    /// </summary>
    public static string? CanonicalCode(ReadOnlySpan<char> code)
    {
        if (code.Length != 2 || !char.IsAsciiLetter(code[0]) || !char.IsAsciiLetter(code[1]))
            return null;
        var index = (char.ToUpperInvariant(code[0]) - 'A') * 26 + (char.ToUpperInvariant(code[1]) - 'A');
        return Table[index];
    }

    /// <summary>
    /// The alpha-2 code meant by an English name (<c>France</c>, <c>united kingdom</c>, <c>Côte d'Ivoire</c>,
    /// <c>Cote dIvoire</c>; case, accents, spaces and punctuation ignored), an alpha-3 code (<c>FRA</c>), a common
    /// mistaken code (<c>UK</c> → <c>GB</c>) or an alpha-2 code in any case.
    /// </summary>
    public static bool TryGetCode(string? nameOrAlpha3, out string alpha2)
    {
        alpha2 = "";
        if (string.IsNullOrWhiteSpace(nameOrAlpha3))
            return false;
        var key = NameKey(nameOrAlpha3);
        if (key.Length == 0)
            return false;
        if (key.Length == 3 && Alpha3.TryGetValue(key.ToUpperInvariant(), out var fromAlpha3))
        {
            alpha2 = fromAlpha3;
            return true;
        }
        if (Names.TryGetValue(key, out var fromName))
        {
            alpha2 = fromName;
            return true;
        }
        if (CanonicalCode(key) is { } code)
        {
            alpha2 = code;
            return true;
        }
        return false;
    }

    /// <summary>Lower case, accents removed, letters and digits only.</summary>
    private static string NameKey(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c))
                key.Append(char.ToLowerInvariant(c));
        }
        return key.ToString();
    }
}
