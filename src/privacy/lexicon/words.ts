/**
 * Hand-kept word lists for the person recognizer, in the languages Warden's tenants write in most
 * (English, German, French, Spanish, Dutch, Italian, Portuguese). Lower case throughout.
 */

const list = (text: string): Set<string> => new Set(text.trim().split(/\s+/));

/** Titles that put a name right after them. */
export const HONORIFICS = list(`
  mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev revd fr father sister brother
  herr herrn frau fräulein hr fr dipl ing mag
  m mme mlle mmes me monsieur madame mademoiselle maître pr
  sr sra srta señor señora señorita don doña dña dª dn dra profa lic
  dhr mevr mw mej meneer mevrouw drs ir
  sig sigra sig.ra signor signora signorina dott dott.ssa dottor dottoressa avv ing geom
  sra snr exmo exma
`);

/** Words that can never be (part of) a person's name: function words, pronouns, greetings, calendar words. */
export const FUNCTION_WORDS = list(`
  a an the and or but nor so yet if then than that this these those there here where when what which who whom whose why how
  i me my mine we us our you your yours he him his she her it its they them their all any some no not none each every both
  is am are was were be been being do does did have has had will would shall should can could may might must
  of in on at to for from by with about into onto over under after before between through during without within upon
  as per via vs please thanks thank hello hi hey dear regards cheers best kind yes ok okay also just only still again
  today tomorrow yesterday now soon later morning afternoon evening night week month year
  monday tuesday wednesday thursday friday saturday sunday
  january february march april june july august september october november december
  der die das den dem des ein eine einer eines einem einen und oder aber doch wenn dann als wie wo wer was warum ich du er sie es
  wir ihr ihre ihrem ihren ihrer mein meine meinem meinen meiner dein deine sein seine unser unsere euer bitte danke hallo liebe
  lieber sehr geehrte geehrter grüße gruß viele beste mit von zu zur zum im am um auf aus bei nach vor für über unter durch
  ist sind war waren wird werden hat haben hatte kann können muss müssen soll sollen heute morgen gestern noch schon auch nur
  montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz mai juni juli oktober dezember
  le la les un une des du de et ou mais donc car si alors que qui quoi où quand comment je tu il elle nous vous ils elles
  mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cette ces bonjour bonsoir merci cordialement salut
  cher chère chers madame monsieur dans sur sous avec sans pour par chez entre est sont était été être avoir aujourd'hui demain
  lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril juin juillet août septembre octobre novembre décembre
  el la los las un una unos unas y o pero si entonces que quien quién donde dónde cuando cuándo como cómo yo tú él ella nosotros
  vosotros ellos ellas mi mis tu tus su sus nuestro nuestra vuestro hola gracias saludos estimado estimada querido querida buenos
  buenas días tardes noches en con sin para por sobre entre desde hasta es son fue era está están hoy mañana ayer
  lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
  de het een en of maar als dan dat die dit wie wat waar wanneer hoe ik jij je hij zij ze wij we jullie mijn jouw zijn haar ons onze
  hun hallo beste geachte bedankt dank groeten groet met van voor naar bij op in uit over onder door is zijn was waren wordt heeft
  hebben vandaag morgen gisteren maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart mei augustus
  il lo la i gli le un uno una e o ma se allora che chi cosa dove quando come io tu lui lei noi voi loro mio mia miei mie tuo tua
  suo sua nostro nostra vostro ciao grazie saluti gentile caro cara cordiali distinti buongiorno buonasera con senza per tra fra
  su da di in è sono era erano ha hanno oggi domani ieri lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio
  febbraio aprile maggio giugno luglio settembre ottobre dicembre
  o a os as um uma e ou mas se então que quem onde quando como eu tu ele ela nós vós eles elas meu minha seu sua olá obrigado
  obrigada cumprimentos prezado prezada caro cara com sem para por em no na nos nas do da dos das é são foi hoje amanhã ontem
`);

/** Words before a name that say a person is being named: greetings, sign-offs, introductions, roles. */
export const STRONG_CUES_BEFORE = [
  'my name is', 'name is', 'name', "i'm", 'i’m', 'i am', 'this is', 'it is', "it's", 'signed', 'signed by', 'signature',
  'regards', 'kind regards', 'best regards', 'warm regards', 'best', 'thanks', 'thank you', 'many thanks', 'cheers',
  'sincerely', 'yours', 'yours sincerely', 'yours faithfully', 'hi', 'hello', 'hey', 'dear', 'dearest', 'good morning',
  'attn', 'attention', 'c/o', 'cc', 'contact person', 'spoke with', 'spoke to', 'talked to', 'talked with', 'assigned to',
  'called', 'named', 'account holder',
  'mein name ist', 'ich bin', 'ich heiße', 'hier ist', 'hallo', 'liebe', 'lieber', 'sehr geehrte', 'sehr geehrter',
  'grüße', 'gruß', 'mfg', 'viele grüße', 'beste grüße', 'freundliche grüße', 'freundlichen grüßen',
  "je m'appelle", 'je m’appelle', 'je suis', "moi c'est", 'bonjour', 'bonsoir', 'cher', 'chère', 'cordialement',
  'salutations', 'bien à vous', 'de la part de',
  'me llamo', 'mi nombre es', 'soy', 'hola', 'estimado', 'estimada', 'querido', 'querida', 'saludos', 'atentamente',
  'un saludo',
  'mijn naam is', 'ik ben', 'ik heet', 'beste', 'geachte', 'groeten', 'met vriendelijke groet', 'vriendelijke groeten',
  'mi chiamo', 'sono', 'ciao', 'gentile', 'caro', 'cara', 'saluti', 'cordiali saluti', 'distinti saluti',
  'il mio nome è', 'o meu nome é', 'chamo-me', 'olá', 'prezado', 'prezada', 'atenciosamente', 'cumprimentos',
  // Greetings, thanks and sign-offs, language by language.
  'best wishes', 'all the best', 'take care', 'good afternoon', 'good evening', 'greetings', 'hiya', 'thx', 'ta',
  'moin', 'servus', 'grüß gott', 'guten tag', 'guten morgen', 'guten abend', 'danke', 'vielen dank', 'danke schön',
  'liebe grüße', 'herzliche grüße', 'lg', 'vg', 'bis bald', 'tschüss',
  'salut', 'coucou', 'merci', 'merci beaucoup', 'bien cordialement', 'amicalement', 'à bientôt', 'bonne journée',
  'bonne soirée', 'bises',
  'buenos días', 'buenas tardes', 'buenas noches', 'gracias', 'muchas gracias', 'un abrazo', 'cordialmente',
  'hasta pronto', 'besos',
  'hoi', 'dag', 'goedemorgen', 'goedemiddag', 'goedenavond', 'lieve', 'bedankt', 'dank je', 'dank u', 'groetjes',
  'hartelijke groet', 'hartelijke groeten', 'tot ziens', 'doei',
  'salve', 'buongiorno', 'buonasera', 'grazie', 'grazie mille', 'un saluto', 'a presto', 'a dopo', 'un abbraccio',
  'oi', 'bom dia', 'boa tarde', 'obrigado', 'obrigada', 'abraço', 'até logo',
];

/** Roles a person is introduced by ("our customer Jana Novak"); capitalised inside a heading they introduce nobody. */
export const ROLE_NOUNS = [
  'customer', 'client', 'patient', 'employee', 'user', 'applicant', 'tenant', 'member', 'colleague', 'manager', 'agent',
  'driver', 'passenger', 'guest', 'holder', 'cardholder', 'candidate', 'student', 'caller', 'contact', 'owner', 'buyer',
  'kunde', 'kundin', 'patientin', 'mitarbeiter', 'mitarbeiterin', 'kollege', 'kollegin', 'ansprechpartner',
  'ansprechpartnerin', 'mieter', 'mieterin', 'cliente', 'patiente', 'collègue', 'locataire', 'paciente', 'compañero',
  'compañera', 'titular', 'inquilino', 'klant', 'patiënt', 'collega', 'medewerker', 'medewerkster', 'huurder', 'paziente',
  'inquilina', 'dipendente',
];

/** Articles and possessives: a capitalised run right after one is a thing ("the Kobo Clara"), rarely a person. */
export const DETERMINERS = [
  'the', 'an', 'this', 'that', 'my', 'your', 'our', 'their', 'his', 'its', 'der', 'die', 'das', 'den', 'dem', 'des',
  'ein', 'eine', 'einen', 'einem', 'einer', 'mein', 'meine', 'meinen', 'meinem', 'dein', 'unser', 'unsere', 'unseren',
  'ihr', 'ihre', 'ihren', 'le', 'les', "l'", 'l’', 'un', 'une', 'ce', 'cette', 'mon', 'ma', 'mes', 'notre', 'votre',
  'el', 'los', 'las', 'una', 'este', 'esta', 'mi', 'mis', 'tu', 'nuestro', 'nuestra', 'het', 'een', 'mijn', 'onze',
  'il', 'lo', 'gli', 'uno', "un'", 'mio', 'mia', 'os', 'um', 'uma', 'meu', 'minha',
];

/** Words before a name that only hint at a person (a place or a product can follow them too). */
export const WEAK_CUES_BEFORE = [
  'from', 'by', 'with', 'to', 'for', 'ask', 'tell', 'call', 'contact', 'met', 'and', 'or', 'of', 'like', 'told', 'asked',
  'thank', 'email', 'text', 'ping', 'remind', 'inform', 'notify', 'forward', 'send', 'invite', 'meet', 'about',
  'von', 'mit', 'an', 'für', 'und', 'bei', 'de', 'avec', 'pour', 'par', 'et', 'con', 'para', 'por', 'y', 'met', 'voor',
  'door', 'en', 'van', 'di', 'per', 'da', 'con', 'e',
];

/** Words after a name that make a person the subject ("Jana Novak said …"). */
export const CUES_AFTER = [
  'said', 'says', 'called', 'calls', 'wrote', 'writes', 'asked', 'asks', 'replied', 'mentioned', 'confirmed', 'will',
  'has', 'had', 'is', 'was', 'would', 'can', 'could', 'did', 'does', 'wants', 'needs', 'phoned', 'emailed', 'reported',
  'joined', 'left', 'signed', 'approved', 'requested', 'agreed', 'complained', 'and his', 'and her', 'who',
  'sagte', 'sagt', 'hat', 'ist', 'war', 'schrieb', 'rief', 'wird', 'möchte', 'bittet', 'meldete',
  'a', 'est', 'était', 'dit', 'écrit', 'appelé', 'demande', 'souhaite', 'va',
  'dijo', 'ha', 'llamó', 'escribió', 'es', 'está', 'quiere', 'pidió', 'va',
  'zei', 'heeft', 'belde', 'schreef', 'is', 'wil', 'vroeg',
  'ha', 'è', 'disse', 'scrive', 'vuole', 'chiede', 'ha chiamato', 'ha scritto',
];

/** Prepositions and phrases before a capitalised run that make it a place rather than a person. */
export const PLACE_CUES_BEFORE = [
  'in', 'near', 'around', 'outside', 'across', 'towards', 'nach', 'im', 'nahe', 'nähe', 'près de', 'cerca de', 'vicino a',
  'nabij', 'flight to', 'flights to', 'flight from', 'flights from', 'trip to', 'train to', 'train from', 'drive to',
  'based in', 'located in', 'moved to', 'headquartered in', 'born in', 'live in', 'lives in', 'living in',
  ...['office', 'offices', 'branch', 'warehouse', 'store', 'shop', 'site', 'plant', 'factory', 'hotel', 'airport',
    'station', 'campus', 'headquarters', 'depot', 'hub', 'filiale', 'niederlassung', 'standort', 'büro', 'lager',
    'agence', 'bureau', 'bureaux', 'siège', 'magasin', 'entrepôt', 'usine', 'oficina', 'sucursal', 'almacén', 'tienda',
    'sede', 'fábrica', 'kantoor', 'vestiging', 'winkel', 'magazijn', 'ufficio', 'filiale', 'magazzino', 'negozio',
    'stabilimento'].flatMap((noun) => ['in', 'of', 'at', 'near', 'de', 'en', 'di', 'a', 'in der', 'im', 'te', 'van'].map((p) => `${noun} ${p}`)),
];

/** Prepositions that come before places more often than before people, but not always. */
export const WEAK_PLACE_CUES_BEFORE = ['at', 'à', 'au', 'aux', 'en', 'a', 'bei', 'aus', 'te', 'op', 'em', 'no', 'na', 'uit', 'from', 'desde', 'to'];

/** Words that end an organisation's name: a run followed by one of these is a company, not a person. */
export const ORG_SUFFIXES = list(`
  inc ltd llc plc corp company group gmbh ag kg ug ohg sa sas sarl sl slu sau bv nv spa srl ab as oy
  bank university universität université universidad universiteit università hospital klinik clinic hotel
  foundation stiftung association verein
`);

/** Places that a capitalised run often is instead of a person: countries, regions and larger cities. */
export const PLACES = list(`
  afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh
  belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad
  chile china colombia congo croatia cuba cyprus czechia czech denmark ecuador egypt england estonia ethiopia europe finland
  france gabon gambia georgia germany ghana greece guatemala guinea haiti honduras hungary iceland india indonesia iran iraq
  ireland israel italy jamaica japan jordan kazakhstan kenya korea kosovo kuwait latvia lebanon liberia libya liechtenstein
  lithuania luxembourg madagascar malawi malaysia mali malta mexico moldova monaco mongolia montenegro morocco mozambique
  namibia nepal netherlands nicaragua niger nigeria norway oman pakistan panama paraguay peru philippines poland portugal
  qatar romania russia rwanda scotland senegal serbia singapore slovakia slovenia somalia spain sudan sweden switzerland
  syria taiwan tanzania thailand togo tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam wales yemen zambia
  zimbabwe deutschland österreich schweiz frankreich spanien italien niederlande belgien polen england
  allemagne autriche suisse espagne italie belgique pays-bas royaume-uni alemania francia españa italia bélgica suiza
  duitsland frankrijk spanje italië nederland belgië zwitserland germania spagna francia svizzera olanda
  america africa asia oceania antarctica europa bavaria bayern catalonia cataluña andalusia andalucía flanders vlaanderen
  wallonia brittany bretagne normandy normandie provence tuscany toscana lombardy lombardia sicily sicilia sardinia
  sardegna texas california florida ohio virginia carolina dakota massachusetts pennsylvania michigan illinois arizona
  nevada oregon washington colorado utah alaska hawaii ontario quebec québec alberta yorkshire lancashire kent essex
  london berlin paris madrid rome roma amsterdam brussels bruxelles brussel vienna wien zurich zürich geneva genève
  munich münchen hamburg cologne köln frankfurt stuttgart düsseldorf dortmund essen leipzig dresden hannover nuremberg
  nürnberg bremen bonn mannheim karlsruhe freiburg heidelberg lyon marseille toulouse nice nantes strasbourg montpellier
  bordeaux lille rennes reims grenoble dijon barcelona valencia seville sevilla zaragoza málaga malaga bilbao murcia
  palma alicante granada córdoba cordoba valladolid vigo gijón rotterdam utrecht eindhoven groningen tilburg almere breda
  nijmegen haarlem arnhem leiden maastricht delft antwerp antwerpen ghent gent bruges brugge liège luik milan milano
  naples napoli turin torino palermo genoa genova bologna florence firenze venice venezia verona bari catania lisbon
  lisboa porto manchester birmingham liverpool leeds sheffield bristol glasgow edinburgh cardiff belfast dublin cork
  oxford cambridge york brighton newcastle nottingham leicester coventry southampton portsmouth
  york boston chicago houston phoenix philadelphia dallas seattle denver atlanta miami detroit austin toronto montreal
  vancouver sydney melbourne brisbane perth auckland tokyo beijing shanghai delhi mumbai dubai istanbul moscow warsaw
  prague budapest bucharest athens stockholm oslo copenhagen helsinki riga tallinn vilnius luxembourg ljubljana zagreb
  belgrade sofia kyiv kiev cairo lagos nairobi johannesburg cape town
`);

/** Multi-word places whose words are individually ordinary. */
export const PLACE_PHRASES = list(`
  new_york los_angeles san_francisco san_diego las_vegas new_orleans hong_kong buenos_aires rio_de_janeiro são_paulo
  sao_paulo mexico_city cape_town tel_aviv den_haag the_hague frankfurt_am_main san_sebastián santa_cruz las_palmas
  la_coruña a_coruña le_havre la_rochelle saint_étienne aix-en-provence costa_rica puerto_rico sri_lanka new_zealand
  south_africa united_kingdom united_states north_carolina south_carolina north_dakota south_dakota west_virginia
  new_jersey new_mexico new_hampshire rhode_island nova_scotia british_columbia great_britain northern_ireland
  saudi_arabia el_salvador san_marino vatican_city bad_homburg baden-baden milton_keynes palo_alto santa_monica
  san_josé san_jose santa_clara st_louis saint_louis kansas_city salt_lake_city
`);

/** Brands and product words: a capitalised run containing one is a product or a company. */
export const BRANDS = list(`
  apple iphone ipad imac macbook airpods google pixel android chrome chromebook gmail youtube microsoft windows office
  outlook teams excel word powerpoint azure xbox surface linkedin skype amazon kindle alexa echo aws prime samsung galaxy
  sony playstation bravia nintendo switch lenovo thinkpad dell xps hp pavilion asus acer huawei xiaomi oneplus oppo nokia
  motorola lg philips hue bosch siemens miele dyson tesla bmw mercedes audi volkswagen vw toyota honda ford volvo renault
  peugeot fiat skoda seat ikea nespresso thermomix garmin fitbit canon nikon gopro logitech netflix spotify slack zoom
  dropbox salesforce sap oracle adobe photoshop acrobat figma notion jira confluence github gitlab atlassian paypal stripe
  visa mastercard amex whatsapp instagram facebook meta twitter tiktok snapchat uber airbnb lufthansa ryanair easyjet
  klm iberia alitalia deutsche telekom vodafone orange movistar ziggo kpn fairphone sonos bose jbl beats intel amd nvidia
  geforce radeon ryzen qualcomm snapdragon firefox safari edge linux ubuntu debian kubernetes docker postgres redis
  pro max ultra plus mini lite air studio series edition model version premium deluxe standard basic
`);

/**
 * Everyday nouns and adjectives of business, support and health-care messages, which the general
 * vocabulary lists miss and which turn up capitalised in headings, sign-offs and German prose.
 */
export const EVERYDAY_WORDS = list(`
  account accounts admin name names surname firstname administration agenda agreement analysis announcement answer app application appointment approval
  archive assistant audit availability balance billing board booking branch budget bug business calendar call campaign
  cancellation card care case catalogue category centre center change chat checkout claim client clinic code committee
  company complaint compliance confirmation contact content contract copy cost council coverage credit customer customers
  dashboard data database deadline delivery department deposit design desk detail details device director discount dispatch
  document documents draft due email emergency engineering enquiry entry estimate event expense expenses export facilities
  feedback fee file files finance form forms general guide hardware health help helpdesk holiday home hotline human
  identity import incident info information inquiry insurance inventory invoice invoices issue item items job journal key
  legal letter licence license limit list login logistics mail maintenance management manual marketing medical meeting
  member membership memo message minutes mobile monthly network new news notes notice office online operations order orders
  outage overview package packaging page parcel partner password payment payments payroll pending personal pharmacy plan
  platform policy portal prescription price pricing priority privacy procurement product products profile program programme
  project projects purchase quality quarterly query quote receipt reception record records recruitment refund refunds
  registration release reminder renewal rent repair report reports request requests research reservation resources
  response return returns review risk roadmap sales schedule security server service services session settings shipment
  shipping shop software solutions specialist staff statement status stock storage store strategy subscription summary
  supplier support survey system systems task tax team teams technical terms test ticket tickets training transaction
  transfer travel treatment update updates upgrade urgent user users vendor version visit warehouse warranty webinar
  website weekly welcome workshop annual general final internal external official regional national international global
  senior junior chief head lead principal executive assistant associate central north south east west northern southern
  eastern western main new old first second third next last other same important standard special extra free full open
  closed public private
  abteilung anfrage angebot anhang antrag antwort auftrag ausgabe auskunft bearbeitung beitrag bericht beschwerde bestellung
  bestätigung betreff buchhaltung dank datei daten dienst dokument dokumente eingang einkauf erstattung filiale formular
  frage gutschrift hilfe information kasse konto kosten kunden kundendienst kundenservice kündigung lager leistung lieferung
  mahnung mitteilung nachricht nummer paket personal preis projekt prüfung rechnung rückerstattung rückfrage sendung
  service sicherheit support termin team unterlagen unterstützung urlaub verkauf versand vertrag vertrieb verwaltung
  vorgang wartung zahlung zentrale
  accueil assistance commande compte comptabilité contrat courrier demande devis dossier équipe facture formulaire
  information livraison paiement remboursement réclamation rendez-vous service suivi support
  atención cliente clientes cuenta departamento envío equipo factura información pago pedido reclamación reembolso servicio
  soporte
  afdeling bestelling betaling factuur klantenservice levering ondersteuning rekening team terugbetaling
  assistenza clienti conto fattura ordine pagamento rimborso servizio spedizione supporto ufficio
`);
