import type { Page } from '@playwright/test';
import { expect, test } from './support/fixture';
import { checkScreen } from './support/onboarding';
import { expectVaultOpen, itemList, listItem, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

const detail = (page: Page) => page.getByRole('region', { name: 'Item details' });
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Vault sections' });


async function newItem(page: Page, type: string, title: string) {
  await page.getByRole('button', { name: 'New item' }).click();
  const form = page.getByRole('form', { name: 'New item' });
  await form.getByLabel('Type').selectOption({ label: type });
  await form.getByLabel('Title').fill(title);
  return form;
}

async function save(page: Page, title: string): Promise<void> {
  await page.getByRole('form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('form')).toHaveCount(0);
  await expect(detail(page).getByRole('heading', { level: 2, name: title })).toBeVisible();
}

async function addField(page: Page, n: number, name: string, value: string, hidden: boolean): Promise<void> {
  const form = page.getByRole('form');
  await form.getByRole('button', { name: 'Add field' }).click();
  await form.getByLabel(`Field ${n} name`, { exact: true }).fill(name);
  await form.getByLabel(`Field ${n} value`, { exact: true }).fill(value);
  if (hidden) await form.getByLabel(`Hide field ${n} value`, { exact: true }).check();
}

async function filterBy(page: Page, label: string): Promise<void> {
  await sidebar(page).getByRole('button', { name: new RegExp(`^${label} \\d+ items?$`) }).click();
}

test('every record type is created, edited and searched; custom and hidden fields, favourites, folders made, renamed, moved and deleted keeping their items', async ({ page, context, keyhaven }) => {
  await signInAndOnboard(page, context, keyhaven, EMAIL);

  await test.step('a secure note: no login boxes', async () => {
    const form = await newItem(page, 'Secure note', 'Recipe vault');
    await expect(form.getByLabel('Username')).toHaveCount(0);
    await expect(form.getByLabel('Password', { exact: true })).toHaveCount(0);
    await form.getByLabel('Notes').fill('Grandma secret recipe: cardamom');
    await save(page, 'Recipe vault');
    await expect(detail(page)).toContainText('Secure note');
  });

  await test.step('a payment card, with a malformed expiry refused by name, a hidden PIN field, a favourite', async () => {
    const form = await newItem(page, 'Payment card', 'Company Visa');
    await form.getByLabel('Cardholder name').fill('Alice Example');
    await form.getByLabel('Card number', { exact: true }).fill('4111 1111 1111 1111');
    await form.getByLabel('Expiry date').fill('13/29');
    await form.getByLabel('Security code', { exact: true }).fill('737');
    await addField(page, 1, 'PIN', '9182', true);
    await form.getByLabel('Favorite').check();
    await checkScreen(page, 'card-editor');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByText('Write the expiry date as MM/YY, for example 04/29.')).toBeVisible();
    await expect(form.getByLabel('Expiry date')).toBeFocused();
    await form.getByLabel('Expiry date').fill('04/29');
    await save(page, 'Company Visa');
    const d = detail(page);
    await expect(d).toContainText('Payment card');
    await expect(d).toContainText('Alice Example');
    // Hidden values stay hidden until asked.
    await expect(d.getByText('4111 1111 1111 1111')).toHaveCount(0);
    await expect(d.getByText('9182')).toHaveCount(0);
    await d.getByRole('button', { name: 'Show Card number' }).click();
    await expect(d.getByText('4111 1111 1111 1111')).toBeVisible();
    await d.getByRole('button', { name: 'Show PIN' }).click();
    await expect(d.getByText('9182')).toBeVisible();
    await expect(d.getByRole('heading', { name: /Company Visa \(favorite\)/ })).toBeVisible();
  });

  await test.step('an identity', async () => {
    const form = await newItem(page, 'Identity', 'Travel identity');
    await form.getByLabel('First name').fill('Alice');
    await form.getByLabel('Last name').fill('Bergström');
    await form.getByLabel('Email').fill('a.bergstrom@mail.test');
    await save(page, 'Travel identity');
    await expect(detail(page)).toContainText('Bergström');
  });

  await test.step('a login with a visible and a hidden custom field', async () => {
    const form = await newItem(page, 'Login', 'Build server');
    await form.getByLabel('Username').fill('ci-bot');
    await form.getByLabel('Password', { exact: true }).fill('Pw-Build!7Zq');
    await addField(page, 1, 'Region', 'eu-west-3', false);
    await addField(page, 2, 'Recovery key', 'RK-5521-ZZ', true);
    await save(page, 'Build server');
    await expect(detail(page)).toContainText('eu-west-3');
    await expect(detail(page).getByText('RK-5521-ZZ')).toHaveCount(0);
  });

  await test.step('edit the card: the change is kept, the other values too', async () => {
    await listItem(page, 'Company Visa').click();
    await detail(page).getByRole('button', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit “Company Visa”' });
    await expect(form.getByLabel('Cardholder name')).toHaveValue('Alice Example');
    await form.getByLabel('Expiry date').fill('05/31');
    await save(page, 'Company Visa');
    await expect(detail(page)).toContainText('05/31');
    await expect(detail(page)).toContainText('Alice Example');
  });

  await test.step('search finds each type, by visible fields too, never by a hidden value', async () => {
    const search = page.getByRole('searchbox', { name: 'Search vault' });
    const expectOnly = async (q: string, titles: string[]) => {
      await search.fill(q);
      await expect(itemList(page).getByRole('listitem')).toHaveCount(titles.length);
      for (const t of titles) await expect(listItem(page, t)).toBeVisible();
    };
    await expectOnly('cardamom', ['Recipe vault']);
    await expectOnly('alice example', ['Company Visa']);
    await expectOnly('bergstrom', ['Travel identity']);
    await expectOnly('eu-west', ['Build server']);
    await expectOnly('4111', []);
    await expectOnly('RK-5521', []);
    await search.fill('');
  });

  await test.step('the sidebar filters by type and favourites', async () => {
    await filterBy(page, 'Payment cards');
    await expect(page.getByRole('list', { name: 'Payment cards' }).getByRole('listitem')).toHaveCount(1);
    await filterBy(page, 'Identities');
    await expect(page.getByRole('list', { name: 'Identities' }).getByRole('listitem')).toHaveCount(1);
    await filterBy(page, 'Favorites');
    await expect(page.getByRole('list', { name: 'Favorites' }).getByRole('listitem')).toHaveCount(1);
    await filterBy(page, 'All items');
  });

  await test.step('folders: create, move items in, rename, delete keeping the items', async () => {
    await sidebar(page).getByRole('button', { name: 'New folder' }).click();
    const create = page.getByRole('dialog', { name: 'New folder' });
    await create.getByLabel('Folder name').fill('Travel');
    await checkScreen(page, 'new-folder-dialog');
    await create.getByRole('button', { name: 'Create folder' }).click();
    await expect(sidebar(page).getByRole('button', { name: 'Travel 0 items' })).toBeVisible();

    await filterBy(page, 'All items');
    for (const title of ['Company Visa', 'Travel identity']) {
      await listItem(page, title).click();
      await detail(page).getByLabel('Move to folder').selectOption('Travel');
      await expect(detail(page).getByLabel('Move to folder')).toHaveValue('Travel');
    }
    await expect(sidebar(page).getByRole('button', { name: 'Travel 2 items' })).toBeVisible();

    await filterBy(page, 'Travel');
    await sidebar(page).getByRole('button', { name: 'Rename folder' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename “Travel”' });
    await rename.getByLabel('Folder name').fill('');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename.getByText('Enter a folder name.')).toBeVisible();
    await rename.getByLabel('Folder name').fill('Trips');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename).toHaveCount(0);
    await expect(sidebar(page).getByRole('button', { name: 'Trips 2 items' })).toBeVisible();
    await expect(sidebar(page).getByRole('button', { name: /^Travel / })).toHaveCount(0);

    await sidebar(page).getByRole('button', { name: 'Delete folder' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the folder “Trips”?' });
    await expect(confirm).toContainText('Its items stay in your vault');
    await confirm.getByRole('button', { name: 'Delete folder' }).click();
    await expect(sidebar(page).getByRole('button', { name: /^Trips / })).toHaveCount(0);
    await expect(itemList(page).getByRole('listitem')).toHaveCount(4);
    await listItem(page, 'Company Visa').click();
    await expect(detail(page).getByLabel('Move to folder')).toHaveValue('');
  });

  await test.step('after a reload everything comes back from the server as it was left', async () => {
    await page.reload();
    await expectVaultOpen(page);
    await expect(itemList(page).getByRole('listitem')).toHaveCount(4);
    await filterBy(page, 'Secure notes');
    await expect(page.getByRole('list', { name: 'Secure notes' }).getByRole('listitem')).toHaveCount(1);
    await filterBy(page, 'All items');
    await listItem(page, 'Company Visa').click();
    await expect(detail(page)).toContainText('05/31');
    await expect(detail(page)).toContainText('No folder');
    await checkScreen(page, 'vault-card-detail');
  });
});
