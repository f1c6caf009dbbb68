from django.db import migrations


def forwards(apps, schema_editor):
    from grassroots.demands.services.categories import install_default_tree

    install_default_tree(apps.get_model("demands", "Category"))


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
