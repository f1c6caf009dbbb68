# The stored blind indexes cut to 128 bits; the next migration shortens the columns. Two
# migrations, so that PostgreSQL commits the rows' update before it alters their table.

from django.db import migrations

from grassroots.kernel.migrating import cut_blind_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('demands', '0004_demand_registry_place'),
    ]

    operations = [
        cut_blind_indexes('demands', 'demand', 'reporter_phone_index'),
    ]
