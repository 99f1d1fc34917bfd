"""The customer register: private data, never in the repository or on the site.

Customers and their notice addresses (`customers`), the append-only, hash-chained ledger of what
happened to each notice (`ledger`), where each customer stands with a version (`standing`:
bound to, delivered, last day, declarations), sending the notice by e-mail (`send`, `smtp`),
delivery status notifications (`bounces`), consents and objections (`declarations`), the reports
(`reports`), a customer's agreement as it binds them today (`today`), and the database behind it
all (`database`, with its Alembic `migrations/`).

Imports the domain packages (`law`, `content`, `notices`), `repo` for the history and
`documents` for the e-mail and the PDF; SQLAlchemy, Alembic and the PostgreSQL driver load only
when a register command runs.
"""
