"""The shipped workload classes' names and descriptions, marked for the message catalogs.

`storepredict/data/workload_classes.csv` is data, which the extractor cannot read: this module
lists its names and descriptions so `make messages` finds them (tests/test_i18n_content.py checks
it against the CSV). The catalogue itself stays English; `class_name` and `class_description` say
a class in the active language, and a class a user file adds keeps its own words.
"""

from __future__ import annotations

from ...i18n import N_, gettext
from .catalogue import load_catalogue

CLASS_WORDS: dict[str, tuple[str, str]] = {
    "general_vm": (
        N_("General virtual machines"),
        N_(
            "Application, utility and print servers whose disks hold an OS and binaries, no "
            "database, file, mail or media payload (4-8:1)."
        ),
    ),
    "sap_application": (
        N_("SAP application servers"),
        N_(
            "SAP NetWeaver / S/4HANA application tier (ABAP, Java, Web Dispatcher): OS, kernels "
            "and logs; HANA databases are sap_hana."
        ),
    ),
    "db_sql_server": (
        N_("Microsoft SQL Server"),
        N_(
            "SQL Server databases without page/row compression or TDE (uncompressed databases "
            "reduce 2-5:1)."
        ),
    ),
    "db_sql_server_compressed": (
        N_("Microsoft SQL Server (compressed)"),
        N_(
            "SQL Server with page/row compression, columnstore or compressed backups on the same "
            "disks."
        ),
    ),
    "db_sql_server_encrypted": (
        N_("Microsoft SQL Server (TDE)"),
        N_("SQL Server with Transparent Data Encryption or Always Encrypted columns."),
    ),
    "db_oracle": (
        N_("Oracle Database"),
        N_(
            "Oracle databases without Advanced Compression or TDE (Oracle on PowerMax measured "
            "3.1:1)."
        ),
    ),
    "db_oracle_compressed": (
        N_("Oracle Database (compressed)"),
        N_("Oracle with Advanced Compression, OLTP or Hybrid Columnar Compression."),
    ),
    "db_oracle_encrypted": (
        N_("Oracle Database (TDE)"),
        N_("Oracle with Transparent Data Encryption (tablespace or column)."),
    ),
    "db_mysql": (
        N_("MySQL / MariaDB"),
        N_("MySQL, MariaDB, Percona and Galera clusters with uncompressed InnoDB tables."),
    ),
    "db_postgresql": (
        N_("PostgreSQL"),
        N_("PostgreSQL and derivatives (EDB, Timescale); published guidance 1.5:1."),
    ),
    "db_mongodb": (
        N_("MongoDB"),
        N_("MongoDB (WiredTiger compresses by default); published guidance 1.5:1."),
    ),
    "db_db2": (
        N_("IBM Db2"),
        N_("IBM Db2 / Informix; published guidance 1.5:1."),
    ),
    "db_nosql": (
        N_("Other NoSQL stores"),
        N_(
            "Cassandra, Couchbase, Redis, Neo4j, InfluxDB and similar stores, usually compressed "
            "on disk."
        ),
    ),
    "db_generic": (
        N_("Database (engine not known)"),
        N_(
            "A database whose engine the name does not say; between uncompressed engines (3) and "
            "PostgreSQL-class engines (1.5)."
        ),
    ),
    "db_compressed": (
        N_("Database with app compression"),
        N_("Any engine with application-level compression (engine not known)."),
    ),
    "db_encrypted": (
        N_("Database with TDE encryption"),
        N_("Any engine with transparent data encryption (engine not known)."),
    ),
    "db_compressed_encrypted": (
        N_("Database compressed and encrypted"),
        N_("Any engine with both application compression and encryption."),
    ),
    "sap_hana": (
        N_("SAP HANA"),
        N_("SAP HANA in-memory database: data and log volumes (2:1)."),
    ),
    "vdi_full_clone": (
        N_("VDI full clones"),
        N_(
            "Persistent full-clone desktops and session hosts built from one image: near-identical "
            "OS disks dedupe well (5-10:1)."
        ),
    ),
    "vdi_linked_clone": (
        N_("VDI linked clones"),
        N_(
            "Linked clones and Citrix MCS/PVS targets: the clones already share their base, deltas "
            "reduce 1-2:1."
        ),
    ),
    "vdi_instant_clone": (
        N_("VDI instant clones"),
        N_(
            "Horizon instant clones and their cp-parent/replica/template VMs: the base is already "
            "shared (1-2:1)."
        ),
    ),
    "vdi_profile": (
        N_("VDI user profiles"),
        N_("Profile and persona stores (FSLogix containers, UEM/DEM, roaming profiles) (1-2:1)."),
    ),
    "file_general": (
        N_("File servers"),
        N_("General-purpose file shares (SMB/NFS, DFS); dedupe-only measured 1.54:1 (1.5-2)."),
    ),
    "file_content_server": (
        N_("Content and document servers"),
        N_(
            "Document and content management (SharePoint, Documentum, Alfresco, Nextcloud): mostly "
            "office files, already compressed."
        ),
    ),
    "file_dev_workspace": (
        N_("Developer workspaces"),
        N_(
            "Source repositories, build servers and artifact stores: text and repeated artefacts "
            "reduce better than office files."
        ),
    ),
    "archive_compressed": (
        N_("Archives and compressed data"),
        N_("Archives, mail/file archiving, dumps and already-compressed data sets (1:1)."),
    ),
    "archive_encrypted": (
        N_("Encrypted data"),
        N_("VMs whose disks are encrypted in the guest or by VM encryption (1:1)."),
    ),
    "archive_media": (
        N_("Media, images and CAD"),
        N_(
            "Video, surveillance, ISO libraries, PACS imaging and CAD files: already compressed "
            "(1:1)."
        ),
    ),
    "mail_exchange": (
        N_("Microsoft Exchange"),
        N_("Exchange mailbox, CAS and edge servers (1.6-2:1)."),
    ),
    "mail_other": (
        N_("Other mail servers"),
        N_("Postfix, Domino, Zimbra, SMTP relays and mail gateways (1.6-2:1)."),
    ),
    "logging_analytics": (
        N_("Logging and analytics"),
        N_(
            "Splunk, Elastic/ELK, OpenSearch, Graylog, Log Insight and SIEM stores: compressed "
            "indexes (1.5:1)."
        ),
    ),
    "container_kubernetes": (
        N_("Kubernetes and containers"),
        N_("Kubernetes, Tanzu, OpenShift and Rancher nodes with their persistent volumes (2:1)."),
    ),
    "container_encrypted": (
        N_("Containers with encrypted volumes"),
        N_("Container nodes whose persistent volumes are encrypted (1.3:1)."),
    ),
    "backup_appliance": (
        N_("Backup and replication"),
        N_(
            "Backup servers, proxies, repositories and replication appliances (Veeam, Zerto, "
            "Commvault, Data Domain VE, Rubrik) (1-1.5:1)."
        ),
    ),
    "boot_os_only": (
        N_("Boot volumes (OS only)"),
        N_("Boot, PXE and deployment servers whose disks are OS and boot images only (1.5:1)."),
    ),
    "web_content": (
        N_("Web servers with content"),
        N_("Web and CMS servers that store their own content (images, uploads, media) (1.5:1)."),
    ),
    "web_no_content": (
        N_("Web servers without content"),
        N_(
            "Web front-ends, reverse proxies, application servers and APIs whose disks hold OS and "
            "code only (5:1)."
        ),
    ),
    "healthcare_emr": (
        N_("Healthcare EMR/EHR"),
        N_("Epic, Cerner, Meditech and other EMR/EHR systems and their interface engines (3:1)."),
    ),
    "infra_domain_controller": (
        N_("Domain controllers"),
        N_("Active Directory domain controllers: OS-dominated, like general VMs."),
    ),
    "infra_dns_dhcp": (
        N_("DNS, DHCP and NTP"),
        N_("DNS, DHCP, IPAM and NTP servers: OS-dominated, like general VMs."),
    ),
    "infra_vcenter": (
        N_("vCenter"),
        N_(
            "vCenter Server appliances, PSCs and vCLS agents: embedded PostgreSQL and logs, like "
            "an uncompressed database."
        ),
    ),
    "infra_nsx": (
        N_("NSX"),
        N_(
            "NSX managers, controllers and edges: embedded databases and logs, like an "
            "uncompressed database."
        ),
    ),
    "infra_vmware_mgmt": (
        N_("VMware management suite"),
        N_(
            "Aria/vRealize Operations and Automation, SDDC Manager, HCX, SRM, vRNI: embedded "
            "databases and metrics."
        ),
    ),
    "infra_network_appliance": (
        N_("Network and security appliances"),
        N_(
            "Firewalls, load balancers, routers, session border and wireless controllers: small OS "
            "images."
        ),
    ),
    "infra_management": (
        N_("Management and monitoring"),
        N_(
            "Monitoring, patching, PKI, jump hosts, antivirus consoles, automation and VDI "
            "brokers: OS-dominated."
        ),
    ),
    "unknown": (
        N_("Unknown workload"),
        N_(
            "No rule matched: a conservative figure below the general-VM default (review and "
            "classify these VMs)."
        ),
    ),
}


def class_name(class_id: str) -> str:
    """A workload class's name in the active language (its id when the catalogue lacks it)."""
    klass = load_catalogue().get(class_id)
    return gettext(klass.name) if klass else class_id


def class_description(class_id: str) -> str:
    """A workload class's description in the active language (empty when it is unknown)."""
    klass = load_catalogue().get(class_id)
    return gettext(klass.description) if klass else ""
