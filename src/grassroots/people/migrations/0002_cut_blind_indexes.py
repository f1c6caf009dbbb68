# The stored blind indexes cut to 128 bits; the next migration shortens the columns. Two
# migrations, so that PostgreSQL commits the rows' update before it alters their table.

from django.db import migrations

from grassroots.kernel.migrating import cut_blind_indexes


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        cut_blind_indexes('people', 'person', 'id_number_index', 'phone_index'),
    ]
