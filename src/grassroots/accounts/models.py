"""Login accounts, the roles they hold and their API tokens (账号、角色、令牌).

An account is separate from the person record (people.Person): a person may have no account,
and an account belongs to exactly one org node, which fixes its data scope.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from grassroots.kernel.db import rows as sqlrows
from grassroots.kernel.fields import EncryptedTextField
from grassroots.kernel.permissions import Role
from grassroots.kernel.scope import ScopedQuerySet, scoped


class AccountQuerySet(ScopedQuerySet):
    pass


class AccountManager(UserManager.from_queryset(AccountQuerySet)):  # type: ignore[misc]
    pass


@scoped(node="org_node", url_kwargs=("account_id",))
class Account(AbstractUser):
    """A login account (账号)."""

    org_node = models.ForeignKey(
        "org.OrgNode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name="所属单位",
    )
    person = models.OneToOneField(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
        verbose_name="人员",
    )
    display_name = models.CharField("姓名", max_length=50, blank=True)
    must_change_password = models.BooleanField("首次登录须改密", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Only the demo seeder sets this: demo logins share a published password and are exempt.
    two_factor_exempt = models.BooleanField("免两步验证（演示账号）", default=False)

    objects = AccountManager()

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def role_codes(self) -> tuple[str, ...]:
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = tuple(sqlrows.pluck(RoleGrant, "role", account=self.pk))
            self._role_codes = cached
        return cached

    def is_locked(self, now: timezone.datetime | None = None) -> bool:
        """Whether sign-in to this account is locked from at least one client address."""
        return self.sign_in_throttles.filter(locked_until__gt=now or timezone.now()).exists()


class RoleGrant(models.Model):
    """A role held by an account (角色授予)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(fields=["account", "role"], name="unique_role_per_account")
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class ApiToken(models.Model):
    """An API token. Only its SHA-256 digest is stored; the token is shown once, at creation."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100, blank=True)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    expires_at = models.DateTimeField("到期时间")

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.account})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def is_expired(self, now: timezone.datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())


class TwoFactorDevice(models.Model):
    """An account's authenticator (两步验证): a TOTP secret (RFC 6238), encrypted at rest.

    A device exists from the moment set-up begins, so the QR code stays the same across
    reloads; it counts only once ``confirmed_at`` is set by a first correct code.
    ``last_step`` is the time-step of the last accepted code: a code is accepted once.
    """

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="two_factor_device"
    )
    secret = EncryptedTextField("密钥")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("启用时间", null=True, blank=True)
    last_step = models.BigIntegerField("最近使用的时间步", null=True, blank=True)

    class Meta:
        verbose_name = "两步验证"
        verbose_name_plural = "两步验证"

    def __str__(self) -> str:
        return str(self.account)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A one-time recovery code (恢复码). Only a keyed hash is stored; the code is shown once."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "恢复码"
        verbose_name_plural = "恢复码"

    def __str__(self) -> str:
        return f"{self.account} #{self.pk}"


class SignInThrottle(models.Model):
    """Failed sign-ins from one client address (登录失败计数).

    A row with a ``name_key`` counts the consecutive failures for that account name from that
    address, and locks only that pair: a stranger guessing from elsewhere cannot lock the
    holder out. The row with an empty ``name_key`` counts every failure from the address in a
    time window, whatever the name. Names are kept only as a keyed hash, and an unknown name
    is counted exactly like a known one, so the counting tells nobody which names exist.
    """

    name_key = models.CharField("账号名摘要", max_length=64, blank=True)
    address = models.CharField("客户端地址", max_length=45, blank=True)
    account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sign_in_throttles",
        verbose_name="账号",
    )
    failures = models.PositiveIntegerField("失败次数", default=0)
    window_start = models.DateTimeField("计数起点", default=timezone.now)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"
        constraints = [
            models.UniqueConstraint(fields=["name_key", "address"], name="unique_throttle_pair")
        ]

    def __str__(self) -> str:
        return f"{self.address or '-'} {self.failures}"


class PasswordHistory(models.Model):
    """A password an account has had, as its hash (密码历史): the last few cannot be reused."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField("设置时间", default=timezone.now)

    class Meta:
        verbose_name = "密码历史"
        verbose_name_plural = "密码历史"
        ordering = ("-set_at", "-pk")

    def __str__(self) -> str:
        return f"{self.account_id} {self.set_at:%Y-%m-%d}"
