"""Name, headline and profile pools for generated people (data, not logic)."""
# ruff: noqa: RUF001  -- typographic apostrophes and dashes are what LinkedIn shows

from __future__ import annotations

# (first names, last names, locale) per language; locale is the person's own language.
NAME_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        ("James", "Emily", "Michael", "Sarah", "Zoë", "Liam", "Olivia", "Noah"),
        ("Smith", "O'Brien", "Johnson", "McAllister", "Walker", "O'Connor", "Baker"),
        "en",
    ),
    (
        ("Jean-Luc", "Amélie", "François", "Hélène", "Anaïs", "Jérôme", "Chloé", "Loïc"),
        ("Dubois", "Lefèvre", "Martin", "Bérenger", "Moreau", "D'Arcy", "Rousseau"),
        "fr",
    ),
    (
        ("Jürgen", "Lena", "Matthias", "Käthe", "Lukas", "Anna-Lena", "Jörg"),
        ("Müller", "Schröder", "Weiß", "Groß", "Becker", "Köhler"),
        "en",
    ),
    (
        ("José", "María", "Íñigo", "Lucía", "Begoña", "Álvaro", "Nuria"),
        ("García", "Muñoz", "Pérez", "Ibáñez", "Fernández-Ruiz", "Sánchez"),
        "en",
    ),
    (
        ("Giulia", "Lorenzo", "Niccolò", "Chiara", "Francesca", "Matteo"),
        ("Rossi", "D'Angelo", "Bianchi", "Esposito", "Colombo", "Ricci"),
        "en",
    ),
    (
        ("Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Wojciech", "Żaneta"),
        ("Wiśniewski", "Kowalczyk", "Wójcik", "Łęcka", "Zieliński", "Dąbrowska"),
        "en",
    ),
    (
        ("Haruto", "Yui", "Sōta", "Aoi", "Ren", "Yūko", "Kenji"),
        ("Satō", "Suzuki", "Takahashi", "Itō", "Watanabe", "Yamamoto"),
        "en",
    ),
    (
        ("Mohammed", "Fatima", "Youssef", "Layla", "Omar", "Nour", "Karim"),
        ("Al-Sayed", "El-Amin", "Haddad", "Abd al-Rahman", "Benali", "Mansour"),
        "fr",
    ),
)

ROLES: tuple[str, ...] = (
    "Software Engineer",
    "Senior Python Developer",
    "Data Engineer",
    "Product Manager",
    "DevOps Engineer",
    "Data Scientist",
    "Frontend Developer",
    "Engineering Manager",
    "UX Designer",
    "Site Reliability Engineer",
    "Technical Recruiter",
    "Machine Learning Engineer",
)

COMPANIES: tuple[str, ...] = (
    "Acme Corp",
    "Globex",
    "Initech",
    "Umbrella Analytics",
    "Société Générale d'Études",
    "Müller & Söhne GmbH",
    "Hooli",
    "Nakatomi Trading",
    "Vandelay Industries",
    "Stark Industries",
)

EMPLOYMENT_TYPES: tuple[str, ...] = (
    "Full-time",
    "Full-time",
    "Full-time",
    "Part-time",
    "Contract",
    "Self-employed",
    "Freelance",
    "Internship",
)

LOCATIONS: tuple[str, ...] = (
    "Paris, Île-de-France, France",
    "Lyon, Auvergne-Rhône-Alpes, France",
    "London, England, United Kingdom",
    "Berlin, Germany",
    "Madrid, Community of Madrid, Spain",
    "Milan, Lombardy, Italy",
    "Kraków, Małopolskie, Poland",
    "Tokyo, Japan",
    "Casablanca, Morocco",
    "New York, New York, United States",
)

SKILLS: tuple[str, ...] = (
    "Python",
    "SQL",
    "PostgreSQL",
    "Kubernetes",
    "Docker",
    "FastAPI",
    "React",
    "TypeScript",
    "Machine Learning",
    "Product Management",
    "Agile Methodologies",
    "Terraform",
    "Go",
    "Rust",
    "Data Analysis",
    "Leadership",
)

CERTIFICATIONS: tuple[str, ...] = (
    "AWS Certified Solutions Architect – Associate",
    "Certified Kubernetes Administrator (CKA)",
    "Professional Scrum Master I",
    "Google Cloud Professional Data Engineer",
)

LANGUAGES: tuple[str, ...] = (
    "English",
    "French",
    "German",
    "Spanish",
    "Italian",
    "Polish",
    "Japanese",
    "Arabic",
)

SCHOOLS: tuple[str, ...] = (
    "Université Paris-Saclay",
    "Technische Universität München",
    "Politecnico di Milano",
    "University of Oxford",
    "Universidad Complutense de Madrid",
    "Kyoto University",
)

DEGREES: tuple[str, ...] = (
    "Master's degree, Computer Science",
    "Bachelor's degree, Mathematics",
    "Engineer's degree, Software Engineering",
    "PhD, Statistics",
)

ABOUTS: tuple[str, ...] = (
    "I build reliable data platforms and love teaching.",
    "Passionate about clean code, testing and coffee ☕.",
    "Helping teams ship better products, faster.\nAlways happy to chat.",
    "Curious engineer. Previously founder of a small start-up.",
)
