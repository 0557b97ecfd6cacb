namespace P2PClinic.Contacts.Tests.VCard;

/// <summary>
/// Cards in the shapes common clients export. Honestly: except <see cref="Rfc6350"/>, none is a captured export; each
/// was written by hand for these tests from the client's documented or commonly seen conventions (named on each),
/// with made-up people, numbers and addresses, and has not been compared byte for byte with a real file. A real
/// export that reads differently is a bug in the sample as much as in the reader: add it beside these.
/// </summary>
internal static class VCardSamples
{
    /// <summary>
    /// Imitates Apple Contacts' 3.0 export (macOS/iOS): grouped custom labels with X-ABLabel, _$!&lt;..&gt;!$_ built-in
    /// labels, X-ABADR, a year-less birthday as X-APPLE-OMIT-YEAR=1604, CRLF. Hand-written; a real one also carries
    /// PHOTO, X-ABUID and X-SOCIALPROFILE lines, which are left out.
    /// </summary>
    public const string Apple =
        "BEGIN:VCARD\r\n" +
        "VERSION:3.0\r\n" +
        "PRODID:-//Apple Inc.//macOS 14.5//EN\r\n" +
        "N:Müller;Jürgen;;Dr.;\r\n" +
        "FN:Dr. Jürgen Müller\r\n" +
        "ORG:Praxis am See;\r\n" +
        "TITLE:Hausarzt\r\n" +
        "EMAIL;type=INTERNET;type=WORK;type=pref:j.mueller@praxis-am-see.de\r\n" +
        "item1.EMAIL;type=INTERNET:juergen@example.org\r\n" +
        "item1.X-ABLabel:Segeln\r\n" +
        "TEL;type=CELL;type=VOICE;type=pref:+49 171 1234567\r\n" +
        "item2.TEL:+49 30 9876543\r\n" +
        "item2.X-ABLabel:_$!<Mobile>!$_\r\n" +
        "item3.ADR;type=HOME;type=pref:;;Seestraße 5;Berlin;;10115;Deutschland\r\n" +
        "item3.X-ABADR:de\r\n" +
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-21\r\n" +
        "NOTE:Bevorzugt Termine vormittags\\, nie montags.\\nRückruf erwünscht.\r\n" +
        "CATEGORIES:Ärzte,Berlin\r\n" +
        "UID:8D5C4A4E-1E3F-4C1B-9A5B-2F6E3C7D8A91\r\n" +
        "END:VCARD\r\n";

    /// <summary>
    /// Imitates Google Contacts' vCard (3.0) export: TYPE=INTERNET, a long folded NOTE, the "myContacts" group as a
    /// category, LF line ends. Hand-written; custom labels (Google writes them as item groups with X-ABLabel) are not
    /// in this sample.
    /// </summary>
    public const string Google =
        "BEGIN:VCARD\n" +
        "VERSION:3.0\n" +
        "FN:Ana Lucía Núñez\n" +
        "N:Núñez;Ana Lucía;;;\n" +
        "EMAIL;TYPE=INTERNET;TYPE=HOME:ana.nunez@gmail.com\n" +
        "EMAIL;TYPE=INTERNET;TYPE=WORK:anunez@clinica.example\n" +
        "TEL;TYPE=CELL:+34 612 34 56 78\n" +
        "ADR;TYPE=WORK:;;Calle de Alcalá 42;Madrid;;28014;España\n" +
        "ORG:Clínica Sol\n" +
        "TITLE:Enfermera\n" +
        "BDAY:1985-11-02\n" +
        "NOTE:Conocida en el congreso de Valencia 2023. Prefiere WhatsApp para mensajes\n" +
        "  cortos y correo para documentos.\n" +
        "CATEGORIES:myContacts,Colegas\n" +
        "END:VCARD\n";

    /// <summary>
    /// Imitates the 2.1 export of older Android contact apps: quoted-printable UTF-8 with soft line breaks, bare TYPE
    /// words. Hand-written.
    /// </summary>
    public const string Android =
        "BEGIN:VCARD\r\n" +
        "VERSION:2.1\r\n" +
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ay=C5=9Fe;;;\r\n" +
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ay=C5=9Fe =C3=96zt=C3=BCrk\r\n" +
        "TEL;CELL;PREF:+905321112233\r\n" +
        "TEL;HOME:0212 555 44 33\r\n" +
        "EMAIL;HOME:ayse@example.com.tr\r\n" +
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C4=B0lk sat=C4=B1r=0D=0A=C4=B0kinci sat=C4=B1r, =\r\n" +
        "devam ediyor\r\n" +
        "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\r\n" +
        "2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\r\n" +
        "\r\n" +
        "END:VCARD\r\n";

    /// <summary>
    /// Imitates Outlook's 2.1 export (one card per .vcf): windows-1252 quoted-printable FN, LANGUAGE on N, bare
    /// TYPE words (WORK;VOICE, PREF;INTERNET), a structured ORG. Hand-written; a real one also carries
    /// X-MS-OL-DEFAULT-POSTAL-ADDRESS, LABEL and X-MS-OL-DESIGN lines, which are left out.
    /// </summary>
    public const string Outlook =
        "BEGIN:VCARD\r\n" +
        "VERSION:2.1\r\n" +
        "N;LANGUAGE=en-us:O'Brien;Siobhán\r\n" +
        "FN;CHARSET=Windows-1252;ENCODING=QUOTED-PRINTABLE:Siobh=E1n O'Brien\r\n" +
        "ORG:Contoso Health;Cardiology\r\n" +
        "TITLE:Consultant\r\n" +
        "TEL;WORK;VOICE:+1 (425) 555-0100\r\n" +
        "TEL;WORK;FAX:+1 (425) 555-0101\r\n" +
        "ADR;WORK;PREF:;;One Microsoft Way;Redmond;WA;98052;United States of America\r\n" +
        "EMAIL;PREF;INTERNET:siobhan@contoso.example\r\n" +
        "REV:20240315T101500Z\r\n" +
        "END:VCARD\r\n";

    /// <summary>
    /// The example card of RFC 6350 section 8 (PREF, tel: URIs, a --MMDD birthday, quoted TYPE lists), shortened:
    /// its ANNIVERSARY, LANG, ORG, GEO, KEY, TZ and URL lines are dropped and EMAIL moved up; the rest is verbatim.
    /// </summary>
    public const string Rfc6350 =
        "BEGIN:VCARD\r\n" +
        "VERSION:4.0\r\n" +
        "FN:Simon Perreault\r\n" +
        "N:Perreault;Simon;;;ing. jr,M.Sc.\r\n" +
        "BDAY:--0203\r\n" +
        "GENDER:M\r\n" +
        "EMAIL;TYPE=work:simon.perreault@viagenie.ca\r\n" +
        "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-9254;ext=102\r\n" +
        "TEL;VALUE=uri;TYPE=\"work,cell,voice,video,text\":tel:+1-418-262-6501\r\n" +
        "ADR;TYPE=work:;Suite D2-630;2875 Laurier;Quebec;QC;G1V 2M2;Canada\r\n" +
        "END:VCARD\r\n";
}
