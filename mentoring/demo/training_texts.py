"""The demo's twenty bank trainings for *Digitalt medarbetarskap*, in plain Swedish.

Each training: (tool, level, minutes, title, steps, questions); each question:
(difficulty, text, right answers, wrong answers). More than one right answer makes a
multiple-choice question.
"""

from __future__ import annotations

Question = tuple[int, str, tuple[str, ...], tuple[str, ...]]
Course = tuple[str, int, int, str, tuple[str, ...], tuple[Question, ...]]

COURSES: tuple[Course, ...] = (
    (
        "Outlook",
        1,
        10,
        "Läsa och svara på e-post i Outlook",
        (
            "Öppna Outlook från startmenyn eller på outlook.office.com.",
            "Klicka på ett meddelande i inkorgen för att läsa det.",
            "Välj Svara för att svara avsändaren, eller Svara alla om fler ska få svaret.",
            "Skriv ditt svar ovanför det gamla meddelandet och klicka på Skicka.",
        ),
        (
            (
                1,
                "Vilken knapp använder du för att skicka ett meddelande?",
                ("Skicka",),
                ("Ta bort", "Arkivera"),
            ),
            (
                2,
                "Du vill att alla i tråden ska få ditt svar. Vad väljer du?",
                ("Svara alla",),
                ("Svara", "Vidarebefordra"),
            ),
            (
                3,
                "Var hamnar ett meddelande du har skickat?",
                ("Skickat",),
                ("Inkorgen", "Utkast", "Skräppost"),
            ),
        ),
    ),
    (
        "Outlook",
        2,
        15,
        "Boka ett möte i Outlook-kalendern",
        (
            "Gå till Kalender längst ner till vänster.",
            "Välj Nytt möte och skriv en rubrik.",
            "Lägg till deltagare i fältet Obligatoriska och välj dag och tid.",
            "Använd Schemaassistenten för att se när alla är lediga.",
            "Klicka på Skicka. Deltagarna får en inbjudan.",
        ),
        (
            (
                1,
                "Var hittar du kalendern i Outlook?",
                ("Längst ner till vänster",),
                ("Under Arkiv", "I inkorgen"),
            ),
            (
                2,
                "Hur ser du när kollegorna är lediga?",
                ("Med Schemaassistenten",),
                ("Du ringer alla", "Under Skickat"),
            ),
            (
                3,
                "Vilka två saker måste ett möte ha innan du skickar?",
                ("Deltagare", "Tid"),
                ("En bilaga", "En flagga"),
            ),
            (
                3,
                "En deltagare tackar nej. Var syns det?",
                ("I mötets svarslista",),
                ("I papperskorgen", "I Utkast"),
            ),
        ),
    ),
    (
        "Outlook",
        3,
        15,
        "Dela din kalender och sätta frånvaromeddelande",
        (
            "Högerklicka på din kalender och välj Dela.",
            "Skriv kollegans namn och välj hur mycket hen får se.",
            "För frånvaro: välj Arkiv och Automatiska svar.",
            "Skriv ett kort meddelande med vem som svarar i din ställe och välj datum.",
        ),
        (
            (
                1,
                "Var slår du på automatiska svar?",
                ("Arkiv, Automatiska svar",),
                ("Kalendern", "Kontakter"),
            ),
            (
                2,
                "Vad bör ett frånvaromeddelande innehålla?",
                ("Vem som svarar i din ställe",),
                ("Ditt lösenord", "Ditt personnummer"),
            ),
            (
                3,
                "Vad kan du bestämma när du delar kalendern?",
                ("Hur mycket kollegan får se",),
                ("Kollegans lösenord", "Vilken skrivare som används"),
            ),
        ),
    ),
    (
        "Teams",
        1,
        10,
        "Gå med i ett Teams-möte",
        (
            "Öppna mötesinbjudan i Outlook eller i Teams-kalendern.",
            "Klicka på Anslut nu.",
            "Kontrollera att mikrofon och kamera fungerar innan du går in.",
            "Stäng av mikrofonen när du inte pratar.",
        ),
        (
            (1, "Vilken knapp tar dig in i mötet?", ("Anslut nu",), ("Avsluta", "Chatt")),
            (
                2,
                "Vad är bra att göra när du inte pratar?",
                ("Stänga av mikrofonen",),
                ("Lämna mötet", "Stänga av datorn"),
            ),
            (
                3,
                "Var kan du testa ljudet före mötet?",
                ("I förhandsvisningen innan du ansluter",),
                ("I Outlook", "I papperskorgen"),
            ),
        ),
    ),
    (
        "Teams",
        2,
        15,
        "Chatta och dela filer i Teams",
        (
            "Välj Chatt till vänster och starta en ny chatt med en kollega.",
            "Skriv ditt meddelande och tryck Enter.",
            "Klicka på gem-ikonen för att bifoga en fil.",
            "I en kanal: skriv i rätt kanal så att hela gruppen ser det.",
        ),
        (
            (1, "Var startar du en chatt?", ("Chatt till vänster",), ("Kalender", "Samtal")),
            (
                2,
                "Hur bifogar du en fil?",
                ("Med gem-ikonen",),
                ("Du skriver filnamnet", "Med stjärnan"),
            ),
            (
                3,
                "Hela arbetslaget ska se en information. Var skriver du?",
                ("I arbetslagets kanal",),
                ("I en privat chatt", "I din egen kalender"),
            ),
        ),
    ),
    (
        "Teams",
        3,
        20,
        "Leda ett kort möte i Teams",
        (
            "Boka mötet i Teams-kalendern och bjud in deltagarna.",
            "Starta mötet några minuter tidigt.",
            "Dela skärmen med knappen Dela när du vill visa något.",
            "Släpp in gäster från lobbyn.",
            "Avsluta mötet för alla när ni är klara.",
        ),
        (
            (
                1,
                "Hur visar du det du har på skärmen?",
                ("Med knappen Dela",),
                ("Med knappen Lämna", "Du skickar en bild"),
            ),
            (
                2,
                "Var väntar gäster innan de släpps in?",
                ("I lobbyn",),
                ("I chatten", "I kalendern"),
            ),
            (
                3,
                "Vilka två saker gör du som mötesledare?",
                ("Startar mötet", "Släpper in gäster"),
                ("Byter allas lösenord", "Stänger av datorerna"),
            ),
        ),
    ),
    (
        "OneDrive",
        2,
        15,
        "Spara och hitta dina filer i OneDrive",
        (
            "Spara dokumentet och välj OneDrive som plats.",
            "Ge filen ett tydligt namn med datum.",
            "Öppna OneDrive i webbläsaren för att hitta filen från en annan dator.",
            "Använd sökrutan om du inte hittar filen.",
        ),
        (
            (
                1,
                "Var sparar du för att nå filen från en annan dator?",
                ("I OneDrive",),
                ("På skrivbordet", "På ett USB-minne"),
            ),
            (
                2,
                "Vad gör ett filnamn lätt att hitta?",
                ("Ett tydligt namn med datum",),
                ("Bara siffror", "Ordet dokument"),
            ),
            (
                3,
                "Du hittar inte filen. Vad gör du först?",
                ("Söker i sökrutan",),
                ("Skapar den igen", "Startar om datorn"),
            ),
        ),
    ),
    (
        "OneDrive",
        3,
        15,
        "Dela en fil säkert från OneDrive",
        (
            "Markera filen och välj Dela.",
            "Välj Specifika personer i stället för Alla med länken.",
            "Bestäm om mottagaren får redigera eller bara läsa.",
            "Dela aldrig filer med personuppgifter om brukare eller barn.",
        ),
        (
            (
                1,
                "Vilket val är säkrast när du delar?",
                ("Specifika personer",),
                ("Alla med länken", "Offentlig"),
            ),
            (
                2,
                "Vad bestämmer du när du delar?",
                ("Om mottagaren får redigera eller läsa",),
                ("Mottagarens lösenord", "Filens storlek"),
            ),
            (
                3,
                "Vilka filer delar du aldrig så här?",
                ("Filer med personuppgifter om brukare", "Filer med uppgifter om barn"),
                ("Mötesanteckningar utan namn", "Ett schema för fikat"),
            ),
        ),
    ),
    (
        "OneDrive",
        4,
        20,
        "Arbeta i samma dokument samtidigt",
        (
            "Dela dokumentet med redigeringsrätt.",
            "Öppna det i webbläsaren eller i Word.",
            "Du ser kollegornas markörer med deras namn.",
            "Lämna kommentarer i stället för att skriva över någon annans text.",
            "Se tidigare versioner under Versionshistorik.",
        ),
        (
            (
                1,
                "Hur ser du var en kollega skriver?",
                ("Deras markör med namn",),
                ("Det syns inte", "I papperskorgen"),
            ),
            (
                2,
                "Du vill föreslå en ändring i någon annans text. Vad gör du?",
                ("Lämnar en kommentar",),
                ("Raderar texten", "Sparar en kopia på skrivbordet"),
            ),
            (
                3,
                "Något blev fel. Var hittar du en äldre version?",
                ("Versionshistorik",),
                ("Skickat", "Kalendern"),
            ),
        ),
    ),
    (
        "Dokumentationssystemet",
        1,
        15,
        "Logga in och hitta rätt brukare",
        (
            "Logga in med ditt SITHS-kort eller e-legitimation.",
            "Välj din enhet.",
            "Sök brukaren på namn eller personnummer.",
            "Kontrollera att du har valt rätt person innan du läser eller skriver.",
            "Logga ut när du lämnar datorn.",
        ),
        (
            (
                1,
                "Hur loggar du in?",
                ("Med SITHS-kort eller e-legitimation",),
                ("Med kollegans konto", "Utan inloggning"),
            ),
            (
                2,
                "Vad gör du innan du skriver i journalen?",
                ("Kontrollerar att det är rätt brukare",),
                ("Skriver ut journalen", "Ringer brukaren"),
            ),
            (
                3,
                "Du går ifrån datorn en stund. Vad gör du?",
                ("Loggar ut eller låser datorn",),
                ("Lämnar den öppen", "Stänger av skärmen"),
            ),
        ),
    ),
    (
        "Dokumentationssystemet",
        2,
        15,
        "Skriva en anteckning i social dokumentation",
        (
            "Öppna brukarens journal och välj Ny anteckning.",
            "Välj rätt sökord, till exempel Omvårdnad eller Social samvaro.",
            "Skriv kort vad som hände, inte vad du tycker.",
            "Signera anteckningen.",
        ),
        (
            (
                1,
                "Var börjar du en ny anteckning?",
                ("Ny anteckning i brukarens journal",),
                ("I Outlook", "I Teams"),
            ),
            (
                2,
                "Hur skriver du en bra anteckning?",
                ("Kort om vad som hände",),
                ("Vad du tycker om brukaren", "Så långt som möjligt"),
            ),
            (
                3,
                "Vad gör du sist?",
                ("Signerar anteckningen",),
                ("Skriver ut den", "Mejlar den till anhöriga"),
            ),
            (
                3,
                "Vilka två sökord passar en promenad med brukaren?",
                ("Social samvaro", "Aktivitet"),
                ("Läkemedel", "Ekonomi"),
            ),
        ),
    ),
    (
        "Dokumentationssystemet",
        3,
        20,
        "Läsa genomförandeplanen och följa upp",
        (
            "Öppna brukarens genomförandeplan.",
            "Läs vad brukaren vill ha hjälp med och hur.",
            "Dokumentera mot planens mål när du har gett insatsen.",
            "Markera om något behöver följas upp.",
        ),
        (
            (
                1,
                "Var står vad brukaren vill ha hjälp med?",
                ("I genomförandeplanen",),
                ("I schemat", "I kalendern"),
            ),
            (2, "Vad dokumenterar du mot?", ("Planens mål",), ("Din egen lista", "Ingenting")),
            (
                3,
                "Något har ändrats hos brukaren. Vad gör du?",
                ("Markerar för uppföljning",),
                ("Väntar till nästa år", "Tar bort planen"),
            ),
        ),
    ),
    (
        "Dokumentationssystemet",
        4,
        20,
        "Signera läkemedel och se avvikelser i signeringslistan",
        (
            "Öppna signeringslistan för passet.",
            "Signera varje given dos direkt efter att den getts.",
            "En dos som inte gavs markeras med orsak.",
            "Kontrollera i slutet av passet att inget står osignerat.",
        ),
        (
            (
                1,
                "När signerar du en dos?",
                ("Direkt efter att den getts",),
                ("I slutet av veckan", "Innan den ges"),
            ),
            (
                2,
                "En dos gavs inte. Vad gör du?",
                ("Markerar den med orsak",),
                ("Signerar ändå", "Låter bli"),
            ),
            (
                3,
                "Vad kontrollerar du i slutet av passet?",
                ("Att inget står osignerat",),
                ("Att skrivaren har papper", "Att alla har loggat ut"),
            ),
        ),
    ),
    (
        "Dokumentationssystemet",
        5,
        20,
        "Journalföra som sjuksköterska i hemsjukvården",
        (
            "Använd sökorden enligt VIPS-modellen.",
            "Skriv status, åtgärd och resultat.",
            "Koppla anteckningen till rätt vårdplan.",
            "Kontrollera behörighet innan du läser en annan enhets journal.",
        ),
        (
            (1, "Vilken modell använder du för sökorden?", ("VIPS",), ("ABC", "SMART")),
            (
                2,
                "Vilka delar ska finnas i anteckningen?",
                ("Status", "Åtgärd", "Resultat"),
                ("Din åsikt",),
            ),
            (
                3,
                "Du vill läsa en annan enhets journal. Vad gör du först?",
                ("Kontrollerar att du har behörighet",),
                ("Loggar in som en kollega", "Läser den ändå"),
            ),
        ),
    ),
    (
        "Avvikelserapportering",
        1,
        10,
        "Vad är en avvikelse?",
        (
            "En avvikelse är något som har hänt eller kunde ha hänt och inte är som det ska.",
            "Exempel: ett fall, ett missat besök, fel läkemedel.",
            "Att rapportera handlar om att lära, inte om att hitta någon att skylla på.",
        ),
        (
            (
                1,
                "Vilket är en avvikelse?",
                ("Ett missat besök",),
                ("Ett vanligt besök", "En kaffepaus"),
            ),
            (
                2,
                "Varför rapporterar vi avvikelser?",
                ("För att lära och göra bättre",),
                ("För att hitta en skyldig", "För att fylla i papper"),
            ),
            (
                3,
                "Något höll på att hända men stoppades. Är det en avvikelse?",
                ("Ja, en risk för vårdskada rapporteras också",),
                ("Nej, inget hände", "Bara om chefen såg det"),
            ),
        ),
    ),
    (
        "Avvikelserapportering",
        2,
        15,
        "Rapportera en avvikelse i systemet",
        (
            "Öppna avvikelsemodulen och välj Ny avvikelse.",
            "Välj typ, till exempel Fall eller Läkemedel.",
            "Beskriv vad som hände, när och var, utan brukarens namn i fritext.",
            "Skriv vad du gjorde direkt och skicka till din chef.",
        ),
        (
            (
                1,
                "Var börjar du?",
                ("Ny avvikelse i avvikelsemodulen",),
                ("I Outlook", "På ett papper i fikarummet"),
            ),
            (
                2,
                "Vad skriver du inte i fritexten?",
                ("Brukarens namn",),
                ("Vad som hände", "När det hände"),
            ),
            (
                3,
                "Vem får avvikelsen när du skickar?",
                ("Din chef",),
                ("Brukarens anhöriga", "Alla i kommunen"),
            ),
        ),
    ),
    (
        "Avvikelserapportering",
        4,
        20,
        "Utreda och följa upp avvikelser som chef",
        (
            "Öppna avvikelser som väntar på dig.",
            "Ta reda på orsaken tillsammans med personalen.",
            "Bestäm åtgärder och vem som gör vad.",
            "Följ upp att åtgärderna fungerar och avsluta ärendet.",
            "Anmäl allvarliga händelser enligt lex Sarah eller lex Maria.",
        ),
        (
            (
                1,
                "Vad gör du först med en ny avvikelse?",
                ("Öppnar den och läser",),
                ("Avslutar den", "Raderar den"),
            ),
            (2, "Vem tar du reda på orsaken med?", ("Personalen",), ("Ingen", "Brukarens grannar")),
            (
                3,
                "En allvarlig händelse inom omsorgen. Vad gäller?",
                ("Lex Sarah",),
                ("Ingenting särskilt", "Bara en anteckning"),
            ),
        ),
    ),
    (
        "Schemaappen",
        2,
        10,
        "Se ditt schema och byta pass i schemaappen",
        (
            "Öppna schemaappen i mobilen och logga in.",
            "Se dina pass under Mitt schema.",
            "Vill du byta: välj passet och Erbjud byte.",
            "Bytet gäller först när chefen har godkänt det.",
        ),
        (
            (1, "Var ser du dina pass?", ("Mitt schema",), ("Inkorgen", "Kontakter")),
            (
                2,
                "Hur börjar du ett byte?",
                ("Väljer passet och Erbjud byte",),
                ("Ringer alla kollegor", "Stryker passet"),
            ),
            (3, "När gäller bytet?", ("När chefen har godkänt det",), ("Direkt", "Nästa månad")),
        ),
    ),
    (
        "Schemaappen",
        3,
        10,
        "Anmäla sjukdom och lediga pass i schemaappen",
        (
            "Välj Frånvaro och Sjukanmälan.",
            "Välj från vilket pass du är sjuk.",
            "Ring också din enhet om passet börjar inom två timmar.",
            "Lediga pass syns under Lediga pass; anmäl intresse där.",
        ),
        (
            (1, "Var sjukanmäler du dig?", ("Under Frånvaro",), ("Under Mitt schema", "I Teams")),
            (
                2,
                "Passet börjar om en timme. Vad mer gör du?",
                ("Ringer enheten",),
                ("Ingenting mer", "Skickar ett vykort"),
            ),
            (
                3,
                "Var anmäler du intresse för ett ledigt pass?",
                ("Under Lediga pass",),
                ("Under Frånvaro", "I Outlook"),
            ),
        ),
    ),
    (
        "Lärplattformen",
        3,
        20,
        "Dokumentera förskolans arbete i lärplattformen",
        (
            "Logga in i lärplattformen och välj din avdelning.",
            "Skapa ett nytt inlägg under Dokumentation.",
            "Lägg till bilder bara på barn vars vårdnadshavare har sagt ja.",
            "Koppla inlägget till läroplanens mål.",
            "Välj vilka vårdnadshavare som ska se inlägget och publicera.",
        ),
        (
            (
                1,
                "Var skapar du ett inlägg?",
                ("Under Dokumentation",),
                ("I Outlook", "I schemaappen"),
            ),
            (
                2,
                "Vilka barn får synas på bild?",
                ("Barn vars vårdnadshavare sagt ja",),
                ("Alla barn", "Inga barn någonsin"),
            ),
            (
                3,
                "Vilka två saker gör du innan du publicerar?",
                ("Kopplar till läroplanens mål", "Väljer vilka vårdnadshavare som ser det"),
                ("Skriver barnens personnummer", "Delar inlägget på sociala medier"),
            ),
        ),
    ),
)
