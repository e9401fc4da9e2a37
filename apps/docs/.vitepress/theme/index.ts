import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import StepWidget from './components/StepWidget.vue';
import TrainWidget from './components/TrainWidget.vue';
import SortWidget from './components/SortWidget.vue';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('StepWidget', StepWidget);
    app.component('TrainWidget', TrainWidget);
    app.component('SortWidget', SortWidget);
  },
} satisfies Theme;
